import { signToken } from '../../../core/auth/index.js';
import { freePort } from '../../../devservices/ports.js';
import { Disposer } from '../../harness/services.js';
import { fakeCollector, spawnEntryPoint, waitFor } from './support.js';

const SECRET = 'entrypoint-test-secret-that-is-long-enough-42';

const SPAN_KIND_SERVER = 2;
const SPAN_KIND_CLIENT = 3;

describe('service entry points (one process per service, as in docker compose)', () => {
  const disposer = new Disposer();
  afterAll(() => disposer.disposeAll());

  it('runs the gateway and a subgraph as separate processes, traces one request across both, and stops cleanly on SIGTERM', async () => {
    const collector = await fakeCollector();
    disposer.defer(() => new Promise((resolve) => collector.server.close(resolve)));
    const [gatewayPort, healthPort] = [await freePort(), await freePort()];
    const common = {
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      JWT_SECRET: SECRET,
      NEO4J_EMBEDDED: 'false',
      HEALTH_PORT: String(healthPort),
      HEALTH_SUBGRAPH_URL: `http://127.0.0.1:${healthPort}/graphql`,
      GATEWAY_PORT: String(gatewayPort),
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
    };
    const health = spawnEntryPoint('subgraphs/health/main.ts', common);
    disposer.defer(() => health.kill('SIGKILL'));
    const gateway = spawnEntryPoint('gateway/main.ts', common);
    disposer.defer(() => gateway.kill('SIGKILL'));

    for (const port of [healthPort, gatewayPort]) {
      await waitFor(`:${port}/healthz`, async () =>
        (await fetch(`http://127.0.0.1:${port}/healthz`)).ok ? true : undefined,
      );
    }
    const token = await signToken({ secret: SECRET, sub: 'entrypoint-test', roles: ['viewer'] });
    const response = await fetch(`http://127.0.0.1:${gatewayPort}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ health { status } }' }),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { data: unknown }).data).toEqual({
      health: { status: expect.any(String) },
    });

    // One trace: the gateway's server span → its fetch to the subgraph → the subgraph's server span.
    const { gatewayFetch, subgraphServer } = await waitFor('a trace spanning both services', () => {
      const subgraphServer = collector.spans.find(
        (s) => s.service === 'resync-health' && s.kind === SPAN_KIND_SERVER && s.parentSpanId,
      );
      const gatewayFetch = collector.spans.find(
        (s) =>
          s.service === 'resync-gateway' &&
          s.kind === SPAN_KIND_CLIENT &&
          s.spanId === subgraphServer?.parentSpanId,
      );
      return subgraphServer && gatewayFetch ? { gatewayFetch, subgraphServer } : undefined;
    });
    expect(subgraphServer.traceId).toBe(gatewayFetch.traceId);
    const trace = collector.spans.filter((s) => s.traceId === gatewayFetch.traceId);
    expect(trace.map((s) => s.name)).toEqual(
      expect.arrayContaining(['gateway.request', 'gateway.plan', 'gateway.fetch']),
    );
    // Probes and scrapes are not traced.
    expect(collector.spans.some((s) => /healthz|metrics/.test(JSON.stringify(s)))).toBe(false);

    // Logs are JSON, one object per line.
    for (const line of [...gateway.stdout, ...health.stdout])
      expect(() => JSON.parse(line) as unknown).not.toThrow();

    gateway.kill('SIGTERM');
    health.kill('SIGTERM');
    expect(await gateway.exited).toBe(0);
    expect(await health.exited).toBe(0);
    expect(gateway.stdout.some((l) => (JSON.parse(l) as { msg?: string }).msg === 'shutting down')).toBe(
      true,
    );
  }, 120_000);

  it('refuses to start with an invalid configuration, listing every problem (exit code 2)', async () => {
    const gateway = spawnEntryPoint('gateway/main.ts', {
      GATEWAY_PORT: 'not-a-port',
      NODE_ENV: 'production',
    });
    expect(await gateway.exited).toBe(2);
    const stderr = gateway.stderr.join('');
    expect(stderr).toContain('GATEWAY_PORT');
  }, 60_000);
});
