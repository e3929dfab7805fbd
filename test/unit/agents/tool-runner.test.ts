import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UpstreamUnavailableError } from '../../../core/errors/index.js';
import { createLogger, silentLogger } from '../../../core/logger.js';
import { createMetricsRegistry } from '../../../core/metrics.js';
import type { Caller } from '../../../subgraphs/agents/model.js';
import {
  createGatewayClient,
  GatewayCallCancelledError,
  type GatewayClient,
} from '../../../subgraphs/agents/tools/gateway-client.js';
import { loadOperations, type OperationName } from '../../../subgraphs/agents/tools/operations.js';
import { createToolRunner } from '../../../subgraphs/agents/tools/runner.js';

const caller: Caller = { sub: 'alice', roles: ['operator'], authorization: 'Bearer t', requestId: 'req-1' };

function runnerWith(execute: GatewayClient['execute'], operations = loadOperations()) {
  const logged: Array<Record<string, unknown>> = [];
  const logger = createLogger({
    service: 'test',
    destination: { write: (line: string) => logged.push(JSON.parse(line) as Record<string, unknown>) },
  });
  const sent: string[] = [];
  const gateway: GatewayClient = {
    execute: (query, variables, call) => {
      sent.push(query);
      return execute(query, variables, call);
    },
  };
  const runner = createToolRunner({
    gateway,
    operations,
    registry: createMetricsRegistry('test', { defaults: false }),
    logger,
  });
  return { runner, logged, sent };
}

const run = (
  runner: ReturnType<typeof createToolRunner>,
  name: string,
  signal = new AbortController().signal,
) => runner.run(name, '{}', { caller, signal });

describe('tool runner', () => {
  it('masks an unexpected error: a generic message for the model, chat and audit; the details in the log', async () => {
    const { runner, logged } = runnerWith(() => Promise.reject(new TypeError('secret internals at /srv/x')));
    const outcome = await run(runner, 'plan_summary');
    expect(outcome).toMatchObject({
      ok: false,
      errorCode: 'INTERNAL',
      summary: 'plan_summary failed unexpectedly',
    });
    expect(JSON.stringify(outcome)).not.toContain('secret');
    expect(logged).toEqual([
      expect.objectContaining({
        level: 'error',
        tool: 'plan_summary',
        err: expect.objectContaining({ message: 'secret internals at /srv/x' }),
      }),
    ]);
  });

  it('keeps the message of a coded error, meant for users', async () => {
    const { runner } = runnerWith(() =>
      Promise.reject(new UpstreamUnavailableError('gateway', 'The gateway breaker is open')),
    );
    expect(await run(runner, 'plan_summary')).toMatchObject({
      errorCode: 'UPSTREAM_UNAVAILABLE',
      summary: 'The gateway breaker is open',
    });
  });

  it('reports a call stopped by the departing client as cancelled, not as a failure', async () => {
    const { runner, logged } = runnerWith(
      (_q, _v, call) =>
        new Promise((_, reject) =>
          call.signal!.addEventListener('abort', () => reject(new GatewayCallCancelledError())),
        ),
    );
    const controller = new AbortController();
    const pending = run(runner, 'plan_summary', controller.signal);
    controller.abort();
    expect(await pending).toMatchObject({ ok: false, cancelled: true, errorCode: 'CANCELLED' });
    expect(logged).toEqual([]);
  });

  it('refuses to send an operation parsed as a mutation, whatever the tool', async () => {
    const operations = new Map(loadOperations());
    const rerun = operations.get('AgentRerunJob')!;
    operations.set('AgentPlanSummary' as OperationName, rerun);
    const { runner, sent } = runnerWith(<T>() => Promise.resolve({ data: {} as T, errors: [] }), operations);
    expect(await run(runner, 'plan_summary')).toMatchObject({
      ok: false,
      errorCode: 'INTERNAL',
      summary: 'plan_summary failed unexpectedly',
    });
    expect(sent).toEqual([]);
  });
});

describe('gateway client', () => {
  let server: Server;
  afterEach(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );

  it('turns the caller leaving into GatewayCallCancelledError (not an internal error)', async () => {
    // A gateway that never answers: only the caller's signal can end the call.
    server = createServer(() => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const client = createGatewayClient({
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
      timeoutMs: 30_000,
      registry: createMetricsRegistry('test', { defaults: false }),
      logger: silentLogger(),
    });
    const controller = new AbortController();
    const pending = client.execute(
      '{ x }',
      {},
      {
        authorization: 'Bearer t',
        requestId: 'r',
        signal: controller.signal,
        mutation: false,
      },
    );
    setImmediate(() => controller.abort());
    await expect(pending).rejects.toBeInstanceOf(GatewayCallCancelledError);
  });
});
