// Operator actions end to end below GraphQL: transition checks, Justification, cache invalidation,
// and the poke that makes the poller look right away.
import { Registry } from 'prom-client';
import { createCache, type Cache } from '../../../core/cache/index.js';
import { silentLogger } from '../../../core/logger.js';
import { jobIdOf } from '../../../simulator/index.js';
import { performJobAction, type ActionRequest } from '../../../subgraphs/tws/services/actions.js';
import { twsCacheKinds, type TwsCacheKind } from '../../../subgraphs/tws/services/cache-kinds.js';
import { createPlanShared, PlanReader } from '../../../subgraphs/tws/services/plan-reader.js';
import { startHwaFixture, type HwaFixture } from './support/hwa.js';

const WAITING = jobIdOf('FIN_CLOSE', 'FC_IMPORT_SALES');
const RUNNING = jobIdOf('BILLING_DAILY', 'GEN_INVOICES');
const ABEND = jobIdOf('ETL_SALES', 'LOAD_DW_SALES');

describe('job actions', () => {
  let f: HwaFixture;
  let cache: Cache<TwsCacheKind>;
  let reader: PlanReader;
  let pokes: number;
  beforeEach(async () => {
    f = await startHwaFixture();
    cache = createCache<TwsCacheKind>({
      name: 'tws',
      kinds: twsCacheKinds({ statusTtlMs: 60_000, definitionTtlMs: 60_000, l1MaxEntries: 100 }),
      registry: new Registry(),
      logger: silentLogger(),
    });
    reader = PlanReader.forRequest(f.client, cache, createPlanShared(f.client, silentLogger()), 'req-1');
    pokes = 0;
  });
  afterEach(async () => {
    await cache.close();
    await f.stop();
  });

  const act = (request: Partial<ActionRequest> & Pick<ActionRequest, 'action' | 'jobId'>) =>
    performJobAction(
      { actor: 'alice', requestId: 'req-1', ...request },
      { hwa: f.client, reader, cache, logger: silentLogger(), onActed: () => (pokes += 1) },
    );

  it.each([
    [
      'hold',
      'GEN_INVOICES',
      RUNNING,
      'Cannot hold job GEN_INVOICES: it is RUNNING (EXEC); only jobs that have not started yet (WAITING, READY) can be held.',
    ],
    [
      'release',
      'FC_IMPORT_SALES',
      WAITING,
      'Cannot release job FC_IMPORT_SALES: it is WAITING (HOLD); only held jobs can be released.',
    ],
    [
      'cancel',
      'GEN_INVOICES',
      RUNNING,
      'Cannot cancel job GEN_INVOICES: it is RUNNING (EXEC); running jobs must be killed, and SUCCESSFUL or CANCELED jobs have nothing to cancel.',
    ],
    [
      'rerun',
      'FC_IMPORT_SALES',
      WAITING,
      'Cannot rerun job FC_IMPORT_SALES: it is WAITING (HOLD); only finished jobs (SUCCESSFUL, ERROR, CANCELED) can be rerun.',
    ],
  ] as const)(
    'refuses %s of %s before calling HWA, with a clear message',
    async (action, _name, jobId, message) => {
      await expect(act({ action, jobId })).rejects.toMatchObject({
        message,
        extensions: { code: 'BAD_USER_INPUT' },
      });
      expect(f.sim.actions()).toEqual([]);
      expect(pokes).toBe(0);
    },
  );

  it('acts, returns the new state, and drops cached plan state so the next read is fresh', async () => {
    expect((await reader.job(WAITING)).status).toBe('WAITING'); // cached now
    const after = await act({ action: 'hold', jobId: WAITING, reason: 'freeze', ticket: 'CHG-9' });
    expect(after).toMatchObject({ status: 'HELD', priority: 0 });
    expect((await reader.job(WAITING)).status).toBe('HELD');
    expect(f.sim.actions()[0]!.justification).toEqual({
      category: 'resync:alice',
      description: 'freeze',
      ticketNumber: 'CHG-9',
    });
    expect(pokes).toBe(1);
  });

  it('defaults the justification to what Resync did and the request id', async () => {
    await act({ action: 'cancel', jobId: WAITING });
    expect(f.sim.actions()[0]!.justification).toEqual({
      category: 'resync:alice',
      description: 'cancel of FC_IMPORT_SALES requested through Resync',
      ticketNumber: 'req-1',
    });
  });

  it('reruns by the last run’s id and returns the job with its new run', async () => {
    const after = await act({ action: 'rerun', jobId: ABEND });
    expect(after.runs.map((r) => [r.attempt, r.lastInRerunChain])).toEqual([
      [1, false],
      [2, true],
    ]);
    expect(f.sim.actions()[0]).toMatchObject({ action: 'rerun', jobId: ABEND });
  });

  it('invalidates the cache even when HWA fails the action', async () => {
    const summary = await reader.summary();
    f.sim.setFaults([{ kind: 'error', status: 503, method: 'PUT' }]);
    await expect(act({ action: 'hold', jobId: WAITING })).rejects.toMatchObject({
      extensions: { code: 'UPSTREAM_UNAVAILABLE' },
    });
    expect(await cache.get('summary', 'plan')).toBeUndefined();
    expect(summary.total).toBe(44);
  });

  it('answers NOT_FOUND for a job HWA does not know', async () => {
    await expect(act({ action: 'hold', jobId: 'nope' })).rejects.toMatchObject({
      extensions: { code: 'NOT_FOUND' },
    });
  });
});

describe('job action input', () => {
  it('limits reason and ticket before anything else', async () => {
    const deps = {
      hwa: undefined as never,
      reader: undefined as never,
      cache: undefined as never,
      logger: silentLogger(),
      onActed: () => undefined,
    };
    await expect(
      performJobAction(
        { action: 'hold', jobId: 'x', actor: 'a', requestId: 'r', reason: 'x'.repeat(501) },
        deps,
      ),
    ).rejects.toMatchObject({
      message: 'reason is limited to 500 characters',
      extensions: { code: 'BAD_USER_INPUT' },
    });
    await expect(
      performJobAction(
        { action: 'hold', jobId: 'x', actor: 'a', requestId: 'r', ticket: 'T'.repeat(101) },
        deps,
      ),
    ).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });
});
