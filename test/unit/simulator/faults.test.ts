// Fault injection (options, setFaults, /_sim/faults): latency+jitter, 500/503 with a rate, 429 with
// Retry-After, hangs, malformed JSON, resets; path scoping, budgets, clearing; per-path request counts.
import { FaultInjector, parseFaults } from '../../../simulator/http/faults.js';
import { json, startTestSim, type TestSim } from './support/sim.js';
import type { ErrorBody } from './support/wire.js';

let t: TestSim;
afterEach(async () => {
  await t.sim.stop();
});

test('latency with jitter delays the response', async () => {
  t = await startTestSim({ faults: [{ kind: 'latency', ms: 150, jitterMs: 50 }] });
  const started = Date.now();
  expect((await t.fetch('engine/info')).status).toBe(200);
  expect(Date.now() - started).toBeGreaterThanOrEqual(140);
});

test('error faults: 503 by default, 500 on request, scoped to a path prefix', async () => {
  t = await startTestSim();
  t.sim.setFaults([{ kind: 'error', pathPrefix: 'plan/job' }]);
  const res = await t.fetch('plan/job');
  expect(res.status).toBe(503);
  expect((await json<ErrorBody>(res)).code).toBe('SERVICE_UNAVAILABLE');
  expect((await t.fetch('plan/jobstream')).status).toBe(200);
  t.sim.setFaults([{ kind: 'error', status: 500, pathPrefix: '/twsd/api/v2/engine' }]);
  expect((await t.fetch('engine/info')).status).toBe(500);
  expect((await t.fetch('plan/job')).status).toBe(200);
  t.sim.setFaults([]);
  expect((await t.fetch('engine/info')).status).toBe(200);
});

test('rate 0 never fires, rate 1 always; `times` budgets expire the fault', async () => {
  t = await startTestSim({ faults: [{ kind: 'error', rate: 0 }] });
  expect((await t.fetch('engine/info')).status).toBe(200);
  t.sim.setFaults([{ kind: 'error', times: 2 }]);
  const statuses = [];
  for (let i = 0; i < 4; i++) statuses.push((await t.fetch('engine/info')).status);
  expect(statuses).toEqual([503, 503, 200, 200]);
  const injector = new FaultInjector(
    [{ kind: 'error', rate: 0.5 }],
    (() => {
      let i = 0;
      return () => [0.1, 0.9][i++ % 2] as number;
    })(),
  );
  expect([
    injector.decide('GET', '/twsd/api/v2/x').terminal?.kind,
    injector.decide('GET', '/twsd/api/v2/x').terminal?.kind,
  ]).toEqual(['error', undefined]);
});

test('429 carries Retry-After; method scoping spares other methods', async () => {
  t = await startTestSim({ faults: [{ kind: 'rateLimit', retryAfterSeconds: 7, method: 'GET' }] });
  const res = await t.fetch('plan/job');
  expect(res.status).toBe(429);
  expect(res.headers.get('retry-after')).toBe('7');
  expect((await json<ErrorBody>(res)).code).toBe('TOO_MANY_REQUESTS');
  expect((await t.put('plan/job/action/hold?oql=name%3D%27NONE%27')).status).toBe(200);
});

test('hang: no answer until the client gives up; stop() still closes the hung socket', async () => {
  t = await startTestSim({ faults: [{ kind: 'hang', pathPrefix: 'plan/job' }] });
  await expect(t.fetch('plan/job', { signal: AbortSignal.timeout(200) })).rejects.toThrow(/abort|timeout/i);
  const pending = t.fetch('plan/job').catch((err: unknown) => err);
  await new Promise((r) => setTimeout(r, 50));
  await t.sim.stop();
  // undici rejects with a TypeError from its own realm, hence the check by name rather than instanceof.
  expect(((await pending) as Error).name).toBe('TypeError');
  await t.sim.stop(); // safe twice
});

test('malformed: 200 with a cut JSON body', async () => {
  t = await startTestSim({ faults: [{ kind: 'malformed', pathPrefix: 'plan/jobstream' }] });
  const res = await t.fetch('plan/jobstream');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/json');
  const text = await res.text();
  expect(text.startsWith('{"count":9')).toBe(true);
  expect(() => JSON.parse(text)).toThrow();
});

test('reset drops the connection', async () => {
  t = await startTestSim({ faults: [{ kind: 'reset' }] });
  await expect(t.fetch('engine/info')).rejects.toThrow();
});

test('admin endpoint: POST replaces (or appends), GET lists, DELETE clears; bad specs are 400; admin paths are never faulted', async () => {
  t = await startTestSim();
  const set = await t.post('/_sim/faults', [{ kind: 'error', status: 500 }]);
  expect(await json<unknown>(set)).toEqual([{ kind: 'error', status: 500 }]);
  await t.post('/_sim/faults?append=true', { kind: 'latency', ms: 1 });
  expect(await t.get<unknown[]>('/_sim/faults')).toHaveLength(2);
  expect((await t.fetch('engine/info')).status).toBe(500);
  expect((await t.fetch('/_sim/stats')).status).toBe(200);
  expect((await t.fetch('/_sim/faults', { method: 'DELETE' })).status).toBe(200);
  expect((await t.fetch('engine/info')).status).toBe(200);
  for (const bad of [
    { kind: 'boom' },
    { kind: 'latency' },
    { kind: 'error', status: 418 },
    { kind: 'error', rate: 2 },
    'x',
  ]) {
    const res = await t.post('/_sim/faults', bad);
    expect(res.status).toBe(400);
  }
  expect(() => parseFaults([{ kind: 'hang', pathPrefix: 5 }])).toThrow(/pathPrefix/);
});

test('stats count requests per path (faulted and unauthenticated ones too), admin excluded, clearable', async () => {
  t = await startTestSim({ faults: [{ kind: 'error', times: 1, pathPrefix: 'plan/job' }] });
  await t.fetch('plan/job');
  await t.fetch('plan/job?limit=1');
  await t.fetch('plan/job', { auth: null });
  await t.fetch('engine/info');
  expect(t.sim.stats()).toEqual({ '/twsd/api/v2/plan/job': 3, '/twsd/api/v2/engine/info': 1 });
  expect(await t.get<Record<string, number>>('/_sim/stats')).toEqual(t.sim.stats());
  await t.fetch('/_sim/stats', { method: 'DELETE' });
  expect(t.sim.stats()).toEqual({});
});
