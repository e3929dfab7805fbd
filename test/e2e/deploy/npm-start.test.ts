import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signToken } from '../../../core/auth/index.js';
import { Disposer } from '../../harness/services.js';
import { fakeCollector, spawnEntryPoint, waitFor, type Spawned } from './support.js';

const SECRET = 'npm-start-test-secret-that-is-long-enough-42';

/** `npm start`'s environment on free ports, without Redis, Neo4j or LLM keys. */
function stackEnv(disposer: Disposer, extra: Record<string, string> = {}): Record<string, string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'resync-npm-start-'));
  disposer.defer(() => rmSync(dataDir, { recursive: true, force: true }));
  return {
    NODE_ENV: 'development',
    LOG_LEVEL: 'info',
    JWT_SECRET: SECRET,
    NEO4J_EMBEDDED: 'false',
    DATA_DIR: dataDir,
    ...Object.fromEntries(
      ['GATEWAY', 'TWS', 'KNOWLEDGE', 'RAG', 'AGENTS', 'HEALTH', 'SIMULATOR'].map((s) => [`${s}_PORT`, '0']),
    ),
    ...extra,
  };
}

function startScript(disposer: Disposer, env: Record<string, string>): Spawned {
  const process = spawnEntryPoint('scripts/start.ts', env);
  disposer.defer(() => process.kill('SIGKILL'));
  return process;
}

const logLines = (spawned: Spawned) =>
  spawned.stdout.flatMap((line) => {
    try {
      return [JSON.parse(line) as { level?: string; msg?: string }];
    } catch {
      return [];
    }
  });

describe('npm start (scripts/start.ts)', () => {
  const disposer = new Disposer();
  afterEach(() => disposer.disposeAll());

  it('prints the banner, traces as "resync" when a collector is configured, and stops on SIGTERM', async () => {
    const collector = await fakeCollector();
    disposer.defer(() => new Promise((resolve) => collector.server.close(resolve)));
    const start = startScript(disposer, stackEnv(disposer, { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url }));

    const url = await waitFor('the banner', () =>
      start.stdout
        .find((l) => l.includes('GraphQL (HTTP + WebSocket):'))
        ?.split(': ')[1]
        ?.trim(),
    );
    expect(start.stdout).toEqual(expect.arrayContaining([expect.stringMatching(/^Resync is up in \d/)]));
    const token = await signToken({ secret: SECRET, sub: 'npm-start-test', roles: ['viewer'] });
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ health { status } }' }),
    });
    expect(response.status).toBe(200);

    await waitFor('a span of the one-process stack', () =>
      collector.spans.find((s) => s.name === 'gateway.request'),
    );
    expect(new Set(collector.spans.map((s) => s.service))).toEqual(new Set(['resync']));

    start.kill('SIGTERM');
    expect(await start.exited).toBe(0);
  }, 120_000);

  it('stops cleanly on a signal that arrives while it is still starting', async () => {
    const collector = await fakeCollector();
    disposer.defer(() => new Promise((resolve) => collector.server.close(resolve)));
    const start = startScript(disposer, stackEnv(disposer, { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url }));
    // The first log line comes long before the banner.
    await waitFor('the first log line', () => (start.stdout.length > 0 ? true : undefined));
    start.kill('SIGTERM');
    expect(await start.exited).toBe(0);
    expect(logLines(start).some((l) => l.msg === 'shutting down')).toBe(true);
  }, 120_000);

  it('logs a failed start as one fatal line and exits 1', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    disposer.defer(() => new Promise((resolve) => taken.close(resolve)));
    const port = String((taken.address() as AddressInfo).port);
    const start = startScript(disposer, stackEnv(disposer, { SIMULATOR_PORT: port }));

    expect(await start.exited).toBe(1);
    const fatal = logLines(start).filter((l) => l.level === 'fatal');
    expect(fatal).toEqual([expect.objectContaining({ msg: 'resync failed to start' })]);
    expect(start.stderr.join('')).toBe('');
  }, 120_000);

  it('refuses to start with an invalid configuration, listing every problem (exit code 2)', async () => {
    const start = startScript(disposer, {
      ...stackEnv(disposer),
      GATEWAY_PORT: 'not-a-port',
      LOG_LEVEL: 'loud',
    });
    expect(await start.exited).toBe(2);
    const stderr = start.stderr.join('');
    expect(stderr).toContain('GATEWAY_PORT');
    expect(stderr).toContain('LOG_LEVEL');
    expect(start.stdout).toEqual([]);
  }, 60_000);
});
