// The sync against real Neo4j and the simulator's default dataset (NOTES §6): what it loads,
// that a second run changes nothing, and that it follows HWA when the plan changes.
import { DATASET_IDS, jobIdOf } from '../../../simulator/index.js';
import { Disposer } from '../../harness/services.js';
import { graphUnderTest, jobsQuery, refs, type GraphUnderTest } from './support.js';

jest.setTimeout(60_000);

const disposer = new Disposer();
afterAll(() => disposer.disposeAll());

const ZERO = {
  workstations: 0,
  jobStreams: 0,
  jobs: 0,
  resources: 0,
  prompts: 0,
  dependencies: 0,
  relationships: 0,
};

describe('syncKnowledgeGraph on the default dataset', () => {
  let g: GraphUnderTest;
  beforeAll(async () => {
    g = await graphUnderTest(disposer);
  });

  it('loads the whole plan and reports what it created', async () => {
    const res = await g.run<{ syncKnowledgeGraph: Record<string, unknown> }>(
      'mutation { syncKnowledgeGraph { changed skippedDependencies durationMs startedAt finishedAt created { workstations jobStreams jobs resources prompts dependencies relationships } removed { jobs } } }',
    );
    expect(res.errors).toBeUndefined();
    const report = res.data!.syncKnowledgeGraph;
    expect(report).toMatchObject({ changed: true, skippedDependencies: 0, removed: { jobs: 0 } });
    expect(Date.parse(String(report['finishedAt']))).toBeGreaterThanOrEqual(
      Date.parse(String(report['startedAt'])),
    );
    expect(report['created']).toMatchObject({
      workstations: 7,
      jobStreams: 9,
      jobs: 44,
      resources: 1,
      prompts: 1,
    });
    const summaryQueries = await g.queries('graphSummary');
    const summary = await g.run<{ graphSummary: Record<string, unknown> }>(
      '{ graphSummary { jobs jobStreams workstations resources prompts dependencies lastSyncedAt } }',
    );
    // Through the store's boundary (breaker, deadline, metrics), not @neo4j/graphql's executor.
    expect(await g.queries('graphSummary')).toBe(summaryQueries + 1);
    expect(summary.data!.graphSummary).toMatchObject({
      jobs: 44,
      jobStreams: 9,
      workstations: 7,
      resources: 1,
      prompts: 1,
    });
    expect(summary.data!.graphSummary['dependencies']).toBe(
      (report['created'] as { dependencies: number }).dependencies,
    );
    expect(new Date(String(summary.data!.graphSummary['lastSyncedAt'])).getTime()).toBeGreaterThan(
      Date.now() - 60_000,
    );
    const last = await g.run<{ graphSummary: { lastSync: Record<string, unknown> } }>(
      '{ graphSummary { lastSync { changed durationMs finishedAt created { jobs relationships } removed { jobs } } } }',
    );
    expect(last.errors).toBeUndefined();
    expect(last.data!.graphSummary.lastSync).toEqual({
      changed: true,
      durationMs: report['durationMs'],
      finishedAt: report['finishedAt'],
      created: { jobs: 44, relationships: (report['created'] as { relationships: number }).relationships },
      removed: { jobs: 0 },
    });
  });

  it('changes nothing the second time', async () => {
    const res = await g.run<{ syncKnowledgeGraph: Record<string, unknown> }>(
      'mutation { syncKnowledgeGraph { changed created { ...c } updated { ...c } removed { ...c } unchanged { jobs jobStreams relationships } } } fragment c on KnowledgeSyncCounts { workstations jobStreams jobs resources prompts dependencies relationships }',
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.syncKnowledgeGraph).toMatchObject({
      changed: false,
      created: ZERO,
      updated: ZERO,
      removed: ZERO,
      unchanged: { jobs: 44, jobStreams: 9 },
    });
  });

  it('shares one run between concurrent calls', async () => {
    const [a, b] = await Promise.all([g.syncer.sync('api'), g.syncer.sync('api')]);
    expect(a).toBe(b);
  });

  it('adds a job submitted since, and removes it once it is gone from the plan', async () => {
    const response = await fetch(`${g.sim!.url}/api/v2/plan/job/submit-ad-hoc-job`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from('resync:resync').toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        workstationKey: 'AGT_LNX01',
        alias: 'KG_ADHOC',
        task: { UNIX: { taskString: 'true' } },
      }),
    });
    const { id } = (await response.json()) as { id: string };
    const added = await g.syncer.sync('api');
    expect(added.created).toMatchObject({ jobs: 1, jobStreams: 0 });
    expect(added.created.relationships).toBeGreaterThanOrEqual(2); // CONTAINS and RUNS_ON
    expect(added.removed).toEqual(ZERO);
    const found = await g.run<{ _entities: Array<{ dependencies: unknown[] }> }>(
      jobsQuery('dependencies { type }'),
      refs([id]),
    );
    expect(found.errors).toBeUndefined();

    g.sim!.reset();
    const removed = await g.syncer.sync('api');
    expect(removed.removed).toMatchObject({ jobs: 1 });
    expect(removed.removed.relationships).toBe(added.created.relationships);
    expect(removed.created).toEqual(ZERO);
    const gone = await g.run(jobsQuery('impact { count }'), refs([id]));
    expect(gone.errors?.[0]?.extensions['code']).toBe('NOT_FOUND');
  });

  it('keeps namespaces apart: another graph in the same database sees none of this', async () => {
    const other = await graphUnderTest(disposer, {
      load: () => ({ nodes: new Map(), edges: new Map(), skippedDependencies: 0 }),
    });
    const summary = await other.run<{ graphSummary: { jobs: number } }>('{ graphSummary { jobs } }');
    expect(summary.data!.graphSummary.jobs).toBe(0);
    const res = await other.run(
      jobsQuery('successors { id }'),
      refs([jobIdOf('ETL_SALES', 'LOAD_DW_SALES')]),
    );
    expect(res.errors?.[0]?.extensions['code']).toBe('NOT_FOUND');
    // Syncing the empty plan there removes nothing here.
    await other.syncer.sync('api');
    expect(
      (await g.run<{ graphSummary: { jobs: number } }>('{ graphSummary { jobs } }')).data!.graphSummary.jobs,
    ).toBe(44);
  });

  it('records every job of the plan under its HWA id', async () => {
    const ids = Object.values(DATASET_IDS.jobs);
    const res = await g.run<{ _entities: Array<{ id: string; predecessors: unknown[] }> }>(
      jobsQuery('predecessors { id }'),
      refs(ids),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities.map((e) => e.id)).toEqual(ids);
  });
});
