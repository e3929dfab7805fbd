// The plan reader against a scripted HWA: what it keeps of a job log, which request id each HWA
// call carries (batched lookups included), a master that refuses commonStatus grouping, and a
// job payload HWA sends without an id.
import { Registry } from 'prom-client';
import { createCache, type Cache } from '../../../core/cache/index.js';
import { BadUserInputError } from '../../../core/errors/index.js';
import type { HwaApi, HwaClient, JobInPlan } from '../../../core/hwa/index.js';
import { silentLogger } from '../../../core/logger.js';
import { LOG_READ_BYTES, MAX_TAIL } from '../../../subgraphs/tws/model/log.js';
import { twsCacheKinds, type TwsCacheKind } from '../../../subgraphs/tws/services/cache-kinds.js';
import {
  createPlanShared,
  PlanReader,
  type PlanShared,
} from '../../../subgraphs/tws/services/plan-reader.js';

interface Call {
  requestId: string;
  method: string;
  args: unknown[];
}

/** A scripted HWA: `plan` answers what the test sets; every call is recorded with its Request-Id. */
function scriptedHwa(plan: Record<string, (...args: never[]) => unknown>) {
  const calls: Call[] = [];
  const forRequest = (requestId: string) =>
    ({
      plan: new Proxy(
        {},
        {
          get:
            (_target, method: string) =>
            async (...args: unknown[]) => {
              calls.push({ requestId, method, args });
              const answer = plan[method];
              if (!answer) throw new Error(`unexpected HWA call ${method}`);
              return (answer as (...a: unknown[]) => unknown)(...args);
            },
        },
      ),
    }) as unknown as HwaApi;
  return { calls, client: { forRequest } as unknown as HwaClient };
}

const job = (id: string): JobInPlan => ({ id, name: id, jobStreamId: 'S', jobStreamName: 'S' });

describe('plan reader', () => {
  let cache: Cache<TwsCacheKind>;
  beforeEach(() => {
    cache = createCache<TwsCacheKind>({
      name: 'tws',
      kinds: twsCacheKinds({ statusTtlMs: 60_000, definitionTtlMs: 60_000, l1MaxEntries: 100 }),
      registry: new Registry(),
      logger: silentLogger(),
    });
  });
  afterEach(() => cache.close());

  const readers = (client: HwaClient, shared: PlanShared = createPlanShared(client, silentLogger())) => ({
    shared,
    reader: (requestId: string) => PlanReader.forRequest(client, cache, shared, requestId),
  });

  it('keeps only the lines Job.log can return, from a bounded read, and no cut first line', async () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `line ${i + 1}`);
    const hwa = scriptedHwa({
      jobLog: (runId: string) =>
        runId === 'cut'
          ? { text: 'ial line\nA\nB\n', truncated: true }
          : { text: `${lines.join('\n')}\n`, truncated: false },
    });
    const { reader } = readers(hwa.client);
    const kept = (await reader('r1').jobLog('long'))!.split('\n');
    expect(kept).toHaveLength(MAX_TAIL);
    expect(kept.at(-1)).toBe('line 5000');
    expect(kept[0]).toBe(`line ${5000 - MAX_TAIL + 1}`);
    expect(hwa.calls[0]!.args[1]).toEqual({ maxBytes: LOG_READ_BYTES });
    expect(LOG_READ_BYTES).toBeLessThanOrEqual(256 * 1024);
    expect(await reader('r1').jobLog('cut')).toBe('A\nB');
  });

  it('sends the caller’s request id on batched lookups; a batch shared by two requests carries the first one', async () => {
    const hwa = scriptedHwa({
      getJob: (id: string) => job(id),
      listJobs: () => ({ count: 2, results: [job('J2'), job('J3')] }),
      listJobStreams: () => ({ count: 1, results: [{ id: 'S', name: 'S' }] }),
    });
    const { reader } = readers(hwa.client);
    expect((await reader('req-a').jobsByIds(['J1'])).map((j) => j?.id)).toEqual(['J1']);
    await reader('req-b').jobStreamsByIds(['S']);
    expect(hwa.calls.map((c) => [c.method, c.requestId])).toEqual([
      ['getJob', 'req-a'],
      ['listJobStreams', 'req-b'],
    ]);

    hwa.calls.length = 0;
    const [a, b] = await Promise.all([reader('req-c').jobsByIds(['J2']), reader('req-d').jobsByIds(['J3'])]);
    expect([a[0]?.id, b[0]?.id]).toEqual(['J2', 'J3']);
    expect(hwa.calls.map((c) => [c.method, c.requestId])).toEqual([['listJobs', 'req-c']]);
  });

  it('asks a master that refused commonStatus grouping only by internal status from then on', async () => {
    const hwa = scriptedHwa({
      countJobs: (groupBy: readonly string[]) => {
        if (groupBy.includes('commonStatus'))
          throw new BadUserInputError('HWA refused the request: grouping filter not valid');
        return { count: 3, groupedCount: { ABEND: 2, SUCC: 1 } };
      },
    });
    const { reader, shared } = readers(hwa.client);
    const first = await reader('r1').summary();
    expect(first.byStatus).toContainEqual({ status: 'ERROR', count: 2 });
    expect(first.byInternalStatus).toEqual([
      { internalStatus: 'ABEND', count: 2 },
      { internalStatus: 'SUCC', count: 1 },
    ]);
    await cache.invalidateKinds(['summary']);
    await readers(hwa.client, shared).reader('r2').summary();
    expect(hwa.calls.map((c) => c.args[0])).toEqual([['commonStatus', 'status'], ['status'], ['status']]);
  });

  it.each([
    ['an empty body', undefined],
    ['a job without an id', { name: 'X' }],
  ])('reports %s from HWA as UPSTREAM_UNAVAILABLE, not a masked internal error', async (_what, payload) => {
    const { reader } = readers(scriptedHwa({ getJob: () => payload }).client);
    await expect(reader('r1').freshJob('J1')).rejects.toMatchObject({
      message: 'HWA returned a job without an id',
      extensions: { code: 'UPSTREAM_UNAVAILABLE', upstream: 'hwa' },
    });
  });
});
