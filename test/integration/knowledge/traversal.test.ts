// Walks, impact, critical path and declared dependencies on the synced default dataset.
import { jobIdOf, jobStreamIdOf } from '../../../simulator/index.js';
import { Disposer } from '../../harness/services.js';
import { LIMITS, graphUnderTest, jobsQuery, refs, type GraphUnderTest } from './support.js';

jest.setTimeout(60_000);

const disposer = new Disposer();
afterAll(() => disposer.disposeAll());

const id = (ref: string) => jobIdOf(ref.split('.')[0]!, ref.split('.')[1]!);
const names = new Map<string, string>();
const nameOf = (jobId: string) => names.get(jobId) ?? jobId;

interface Walked {
  _entities: Array<{ id: string; jobs: Array<{ id: string }> | null }>;
}

describe('the dependency graph of the default dataset', () => {
  let g: GraphUnderTest;
  beforeAll(async () => {
    g = await graphUnderTest(disposer);
    await g.syncer.sync('api');
    const rows = await g.driver.executeQuery(
      'MATCH (j:Job {graph: $graph}) RETURN j.id AS id, j.jobStreamName + "." + j.name AS ref',
      { graph: g.graph },
    );
    for (const r of rows.records) names.set(r.get('id') as string, r.get('ref') as string);
  });

  const walk = async (ref: string, field: 'predecessors' | 'successors', depth?: number) => {
    const res = await g.run<Walked>(
      jobsQuery(`jobs: ${field}${depth === undefined ? '' : `(depth: ${depth})`} { id }`),
      refs([id(ref)]),
    );
    expect(res.errors).toBeUndefined();
    return res.data!._entities[0]!.jobs!.map((j) => nameOf(j.id));
  };

  it("LOAD_DW_SALES's successors include FIN_CLOSE's first job", async () => {
    expect((await walk('ETL_SALES.LOAD_DW_SALES', 'successors')).sort()).toEqual([
      'ETL_SALES.BUILD_SALES_CUBE',
      'ETL_SALES.REFRESH_SALES_MART',
      'ETL_SALES.VALIDATE_DW_COUNTS',
      'FIN_CLOSE.FC_IMPORT_SALES',
    ]);
  });

  it('TRANSFORM_SALES waits for both extracts', async () => {
    expect((await walk('ETL_SALES.TRANSFORM_SALES', 'predecessors')).sort()).toEqual([
      'ETL_SALES.EXTRACT_CUSTOMERS',
      'ETL_SALES.EXTRACT_ORDERS',
    ]);
  });

  it('a job waits for what its job stream waits for (ETL_SALES follows DAILY_START.OPEN_DAY)', async () => {
    expect(await walk('ETL_SALES.EXTRACT_ORDERS', 'predecessors')).toEqual(['DAILY_START.OPEN_DAY']);
  });

  it('depth bounds the walk, nearest first', async () => {
    expect(await walk('ETL_SALES.LOAD_DW_SALES', 'predecessors', 1)).toEqual(['ETL_SALES.TRANSFORM_SALES']);
    expect(await walk('ETL_SALES.LOAD_DW_SALES', 'predecessors', 3)).toEqual([
      'ETL_SALES.TRANSFORM_SALES',
      'ETL_SALES.EXTRACT_CUSTOMERS',
      'ETL_SALES.EXTRACT_ORDERS',
      'DAILY_START.OPEN_DAY',
    ]);
    expect(await walk('ETL_SALES.LOAD_DW_SALES', 'predecessors', 5)).toEqual([
      'ETL_SALES.TRANSFORM_SALES',
      'ETL_SALES.EXTRACT_CUSTOMERS',
      'ETL_SALES.EXTRACT_ORDERS',
      'DAILY_START.OPEN_DAY',
      'DAILY_START.CLEAN_TMP',
      'DAILY_START.CHECK_FS',
    ]);
  });

  it.each([[0], [LIMITS.maxDepth + 1]])('refuses depth %d with BAD_USER_INPUT', async (depth) => {
    const res = await g.run(
      jobsQuery(`successors(depth: ${depth}) { id }`),
      refs([id('ETL_SALES.LOAD_DW_SALES')]),
    );
    expect(res.errors?.[0]?.extensions['code']).toBe('BAD_USER_INPUT');
  });

  it('first limits the list', async () => {
    const res = await g.run<Walked>(
      jobsQuery('jobs: successors(depth: 5, first: 2) { id }'),
      refs([id('ETL_SALES.LOAD_DW_SALES')]),
    );
    expect(res.data!._entities[0]!.jobs).toHaveLength(2);
  });

  it('impact: what cannot start if LOAD_DW_SALES does not complete', async () => {
    const res = await g.run<{
      _entities: Array<{
        impact: Record<string, unknown> & {
          jobs: Array<{ id: string }>;
          jobStreams: Array<Record<string, unknown>>;
        };
      }>;
    }>(
      jobsQuery(
        'impact { count jobStreamCount criticalCount maxDistance truncated jobs { id } jobStreams { jobStream { id } name workstation impactedJobs totalJobs blocked } }',
      ),
      refs([id('ETL_SALES.LOAD_DW_SALES')]),
    );
    expect(res.errors).toBeUndefined();
    const impact = res.data!._entities[0]!.impact;
    expect(impact).toMatchObject({
      count: 9,
      jobStreamCount: 2,
      criticalCount: 0,
      maxDistance: 5,
      truncated: false,
    });
    expect(impact.jobs.map((j) => nameOf(j.id)).sort()).toEqual(
      [
        'ETL_SALES.BUILD_SALES_CUBE',
        'ETL_SALES.PUBLISH_SALES_KPI',
        'ETL_SALES.REFRESH_SALES_MART',
        'ETL_SALES.VALIDATE_DW_COUNTS',
        'FIN_CLOSE.FC_ACCRUALS',
        'FIN_CLOSE.FC_CONSOLIDATE',
        'FIN_CLOSE.FC_IMPORT_SALES',
        'FIN_CLOSE.FC_REPORTS',
        'FIN_CLOSE.FC_TRIAL_BALANCE',
      ].sort(),
    );
    expect(impact.jobStreams).toEqual([
      {
        jobStream: { id: jobStreamIdOf('FIN_CLOSE') },
        name: 'FIN_CLOSE',
        workstation: 'AGT_WIN01',
        impactedJobs: 5,
        totalJobs: 6,
        blocked: false,
      },
      {
        jobStream: { id: jobStreamIdOf('ETL_SALES') },
        name: 'ETL_SALES',
        workstation: 'POOL_ETL',
        impactedJobs: 4,
        totalJobs: 8,
        blocked: false,
      },
    ]);
  });

  it('impact of OPEN_DAY blocks whole streams and reaches the critical jobs', async () => {
    const res = await g.run<{
      _entities: Array<{
        impact: {
          count: number;
          criticalJobs: Array<{ id: string }>;
          jobStreams: Array<{ name: string; blocked: boolean }>;
        };
      }>;
    }>(
      jobsQuery('impact { count criticalJobs { id } jobStreams { name blocked } }'),
      refs([id('DAILY_START.OPEN_DAY')]),
    );
    const impact = res.data!._entities[0]!.impact;
    expect(impact.jobStreams.find((s) => s.name === 'ETL_SALES')).toEqual({
      name: 'ETL_SALES',
      blocked: true,
    });
    expect(impact.criticalJobs.map((j) => nameOf(j.id))).toEqual(['ETL_SALES.LOAD_DW_SALES']);
  });

  it('impact first limits every list (jobs, critical jobs, streams), never the counts', async () => {
    const res = await g.run<{
      _entities: Array<{
        impact: {
          count: number;
          jobStreamCount: number;
          criticalCount: number;
          jobs: Array<{ id: string }>;
          criticalJobs: Array<{ id: string }>;
          jobStreams: Array<{ name: string; impactedJobs: number }>;
        };
      }>;
    }>(
      jobsQuery(
        'impact(first: 1) { count jobStreamCount criticalCount jobs { id } criticalJobs { id } jobStreams { name impactedJobs } }',
      ),
      refs([id('ETL_SALES.LOAD_DW_SALES')]),
    );
    expect(res.errors).toBeUndefined();
    const impact = res.data!._entities[0]!.impact;
    expect(impact).toMatchObject({ count: 9, jobStreamCount: 2 });
    expect(impact.jobs).toHaveLength(1);
    expect(impact.jobStreams).toEqual([{ name: 'FIN_CLOSE', impactedJobs: 5 }]);
    const none = await g.run<{ _entities: Array<{ impact: Record<string, unknown> }> }>(
      jobsQuery('impact(first: 0) { count jobStreamCount jobs { id } jobStreams { name } }'),
      refs([id('DAILY_START.OPEN_DAY')]),
    );
    expect(none.data!._entities[0]!.impact).toMatchObject({ jobs: [], jobStreams: [] });
    expect(none.data!._entities[0]!.impact['jobStreamCount']).toBeGreaterThan(1);
  });

  it('impact depth cuts the walk and says so', async () => {
    const res = await g.run<{
      _entities: Array<{ impact: { count: number; truncated: boolean; maxDistance: number } }>;
    }>(jobsQuery('impact(depth: 1) { count truncated maxDistance }'), refs([id('ETL_SALES.LOAD_DW_SALES')]));
    expect(res.data!._entities[0]!.impact).toEqual({ count: 4, truncated: true, maxDistance: 1 });
  });

  it('criticalPath of ETL_SALES: the ordered chain and its total estimated duration', async () => {
    const res = await g.run<{
      criticalPath: Record<string, unknown> & { steps: Array<Record<string, unknown>> };
    }>(
      `{ criticalPath(jobStreamId: "${jobStreamIdOf('ETL_SALES')}") { jobStream { id } jobStreamName totalEstimatedSeconds totalEstimatedDuration jobsOnCycles steps { position job { id } name estimatedSeconds startOffsetSeconds } } }`,
    );
    expect(res.errors).toBeUndefined();
    const path = res.data!.criticalPath;
    expect(path).toMatchObject({
      jobStreamName: 'ETL_SALES',
      totalEstimatedSeconds: 7500,
      totalEstimatedDuration: 'PT2H5M',
      jobsOnCycles: 0,
    });
    expect(
      path.steps.map((s) => [s['position'], s['name'], s['estimatedSeconds'], s['startOffsetSeconds']]),
    ).toEqual([
      [1, 'EXTRACT_ORDERS', 1800, 0],
      [2, 'TRANSFORM_SALES', 2400, 1800],
      [3, 'LOAD_DW_SALES', 1500, 4200],
      [4, 'BUILD_SALES_CUBE', 1200, 5700],
      [5, 'PUBLISH_SALES_KPI', 600, 6900],
    ]);
    expect(path.steps[2]!['job']).toEqual({ id: id('ETL_SALES.LOAD_DW_SALES') });
  });

  it('criticalPath is also a field of the JobStream entity; unknown streams are NOT_FOUND', async () => {
    const res = await g.run<{ _entities: Array<{ criticalPath: { totalEstimatedSeconds: number } }> }>(
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on JobStream { criticalPath { totalEstimatedSeconds } } } }',
      { r: [{ __typename: 'JobStream', id: jobStreamIdOf('BACKUP_DB') }] },
    );
    // DB_BACKUP_FULL 60 → VERIFY_BACKUP 10 → PURGE_OLD 5 → NOTIFY_DBA 1
    expect(res.data!._entities[0]!.criticalPath.totalEstimatedSeconds).toBe(76 * 60);
    const missing = await g.run('{ criticalPath(jobStreamId: "no-such-stream") { totalEstimatedSeconds } }');
    expect(missing.errors?.[0]?.extensions['code']).toBe('NOT_FOUND');
  });

  it('declared dependencies: resources, prompts, output conditions and inherited ones', async () => {
    const res = await g.run<{ _entities: Array<{ dependencies: Array<Record<string, unknown>> }> }>(
      jobsQuery(
        'dependencies { type inherited predecessorName predecessorJobStreamName quantity promptText outputConditions job { id } jobStream { id } }',
      ),
      refs(
        [
          'REPORTS_MORNING.RPT_SALES',
          'MONTHEND_PREP.ME_CONFIRM_INPUTS',
          'MONTHEND_PREP.ME_REVALUE_FX',
          'ETL_SALES.EXTRACT_ORDERS',
        ].map(id),
      ),
    );
    expect(res.errors).toBeUndefined();
    const [rpt, prompt, fx, extract] = res.data!._entities.map((e) => e.dependencies);
    expect(rpt).toEqual([
      expect.objectContaining({
        type: 'RESOURCE',
        predecessorName: 'RPT_SLOTS',
        quantity: 1,
        inherited: false,
        job: null,
      }),
    ]);
    expect(prompt).toEqual([
      expect.objectContaining({
        type: 'PROMPT',
        predecessorName: 'ME_INPUTS',
        promptText: 'Confirm month-end inputs?',
      }),
    ]);
    expect(fx).toEqual([
      expect.objectContaining({
        type: 'EXTERNAL_JOB',
        predecessorName: 'PREP_BILLING_DATA',
        predecessorJobStreamName: 'BILLING_DAILY',
        outputConditions: ['RC_OK'],
        job: { id: id('BILLING_DAILY.PREP_BILLING_DATA') },
      }),
    ]);
    expect(extract).toEqual([
      expect.objectContaining({ type: 'EXTERNAL_JOB', inherited: true, predecessorName: 'OPEN_DAY' }),
    ]);
  });

  it('a job that is not in the graph: the entity resolves, each field says NOT_FOUND', async () => {
    const res = await g.run<{ _entities: Array<{ id: string; impact: unknown; successors: unknown }> }>(
      jobsQuery('impact { count } successors { id }'),
      refs(['not-synced-yet']),
    );
    expect(res.data!._entities).toEqual([{ id: 'not-synced-yet', impact: null, successors: null }]);
    expect(res.errors?.map((e) => [e.path?.join('.'), e.extensions['code']])).toEqual(
      expect.arrayContaining([
        ['_entities.0.impact', 'NOT_FOUND'],
        ['_entities.0.successors', 'NOT_FOUND'],
      ]),
    );
  });

  it('answers many jobs in one round trip per field (DataLoader batching)', async () => {
    const before = await g.queries('impact');
    const ids = ['ETL_SALES.LOAD_DW_SALES', 'ETL_SALES.TRANSFORM_SALES', 'FIN_CLOSE.FC_IMPORT_SALES'].map(id);
    const res = await g.run<{ _entities: Array<{ impact: { count: number } }> }>(
      jobsQuery('impact { count }'),
      refs(ids),
    );
    expect(res.data!._entities.map((e) => e.impact.count)).toEqual([9, 10, 4]);
    expect((await g.queries('impact')) - before).toBe(1);
  });
});
