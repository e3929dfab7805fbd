// Issue 4's acceptance through the gateway, on the whole stack: the knowledge graph is loaded by
// the start-up sync (as on a newcomer's first `npm start`), joined with live status from tws.
import neo4j from 'neo4j-driver';
import { jobIdOf, jobStreamIdOf } from '../../../simulator/index.js';
import { freePort } from '../../../devservices/ports.js';
import { testNeo4jUri, uniquePrefix } from '../../harness/services.js';
import { startTestStack, type TestStack } from '../../harness/stack.js';

jest.setTimeout(60_000);

const LOAD = jobIdOf('ETL_SALES', 'LOAD_DW_SALES');
const ZERO = {
  workstations: 0,
  jobStreams: 0,
  jobs: 0,
  resources: 0,
  prompts: 0,
  dependencies: 0,
  relationships: 0,
};
const COUNTS = '{ workstations jobStreams jobs resources prompts dependencies relationships }';
const FROZEN = { clock: { mode: 'manual' as const, now: new Date('2026-03-09T15:00:00Z') } };

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('knowledge through the gateway', () => {
  const graph = uniquePrefix('e2e_kg');
  let t: TestStack;
  beforeAll(async () => {
    t = await startTestStack({ env: { KNOWLEDGE_GRAPH: graph }, simulator: FROZEN });
    // No one calls syncKnowledgeGraph: the empty graph is loaded when knowledge starts.
    await until(async () => {
      const res = await t.query<{ graphSummary: { jobs: number; lastSyncedAt: string | null } }>(
        '{ graphSummary { jobs lastSyncedAt } }',
        { role: 'viewer' },
      );
      return res.data?.graphSummary.lastSyncedAt ? res.data.graphSummary : undefined;
    });
  });
  afterAll(async () => {
    await t.stop();
    const driver = neo4j.driver(testNeo4jUri());
    await driver.executeQuery('MATCH (n) WHERE n.graph = $graph DETACH DELETE n', { graph });
    await driver.close();
  });

  it("one query: a job's live status, its impact, and the live status of every impacted job", async () => {
    const res = await t.query<{
      job: {
        name: string;
        status: string;
        impact: { count: number; jobs: Array<{ name: string; status: string; jobStream: { name: string } }> };
      };
    }>(`{ job(id: "${LOAD}") { name status impact { count jobs { name status jobStream { name } } } } }`, {
      role: 'viewer',
    });
    expect(res.errors).toBeUndefined();
    const { job } = res.data!;
    expect(job).toMatchObject({ name: 'LOAD_DW_SALES', status: 'ERROR' });
    expect(job.impact.count).toBe(9);
    expect(job.impact.jobs.map((j) => `${j.jobStream.name}.${j.name}`).sort()).toEqual([
      'ETL_SALES.BUILD_SALES_CUBE',
      'ETL_SALES.PUBLISH_SALES_KPI',
      'ETL_SALES.REFRESH_SALES_MART',
      'ETL_SALES.VALIDATE_DW_COUNTS',
      'FIN_CLOSE.FC_ACCRUALS',
      'FIN_CLOSE.FC_CONSOLIDATE',
      'FIN_CLOSE.FC_IMPORT_SALES',
      'FIN_CLOSE.FC_REPORTS',
      'FIN_CLOSE.FC_TRIAL_BALANCE',
    ]);
    // Statuses come from tws (HWA's live plan): everything downstream of the ABEND waits for it.
    expect(new Set(job.impact.jobs.map((j) => j.status))).toEqual(new Set(['WAITING']));
  });

  it('impact lists the affected streams and walks only as deep as asked', async () => {
    const res = await t.query<{
      job: {
        impact: {
          count: number;
          truncated: boolean;
          jobStreams: Array<{
            name: string;
            impactedJobs: number;
            blocked: boolean;
            jobStream: { status: string };
          }>;
        };
      };
    }>(
      `{ job(id: "${LOAD}") { impact(depth: 1) { count truncated jobStreams { name impactedJobs blocked jobStream { status } } } } }`,
      { role: 'viewer' },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.job.impact).toMatchObject({ count: 4, truncated: true });
    expect(res.data!.job.impact.jobStreams.map((s) => [s.name, s.impactedJobs, s.blocked])).toEqual([
      ['ETL_SALES', 3, false],
      ['FIN_CLOSE', 1, false],
    ]);
    expect(res.data!.job.impact.jobStreams[0]!.jobStream.status).toBe('ERROR');
  });

  it('predecessors and successors with live status, depth-limited', async () => {
    const res = await t.query<{
      job: { predecessors: Array<{ name: string; status: string }>; successors: Array<{ name: string }> };
    }>(
      `{ job(id: "${jobIdOf('ETL_SALES', 'TRANSFORM_SALES')}") { predecessors { name status } successors(depth: 2) { name } } }`,
      { role: 'viewer' },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.job.predecessors.sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { name: 'EXTRACT_CUSTOMERS', status: 'SUCCESSFUL' },
      { name: 'EXTRACT_ORDERS', status: 'SUCCESSFUL' },
    ]);
    expect(res.data!.job.successors.map((j) => j.name).sort()).toEqual([
      'BUILD_SALES_CUBE',
      'FC_IMPORT_SALES',
      'LOAD_DW_SALES',
      'REFRESH_SALES_MART',
      'VALIDATE_DW_COUNTS',
    ]);
    const tooDeep = await t.query(`{ job(id: "${LOAD}") { successors(depth: 1000) { name } } }`, {
      role: 'viewer',
    });
    expect(tooDeep.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
  });

  it('criticalPath of ETL_SALES: an ordered chain with its total estimated duration', async () => {
    const res = await t.query<{
      criticalPath: {
        totalEstimatedSeconds: number;
        totalEstimatedDuration: string;
        steps: Array<{ position: number; name: string; job: { status: string } }>;
      };
    }>(
      `{ criticalPath(jobStreamId: "${jobStreamIdOf('ETL_SALES')}") { jobStream { name } totalEstimatedSeconds totalEstimatedDuration steps { position name estimatedSeconds job { status } } } }`,
      { role: 'viewer' },
    );
    expect(res.errors).toBeUndefined();
    const path = res.data!.criticalPath;
    expect(path).toMatchObject({
      jobStream: { name: 'ETL_SALES' },
      totalEstimatedSeconds: 7500,
      totalEstimatedDuration: 'PT2H5M',
    });
    expect(path.steps.map((s) => [s.position, s.name, s.job.status])).toEqual([
      [1, 'EXTRACT_ORDERS', 'SUCCESSFUL'],
      [2, 'TRANSFORM_SALES', 'SUCCESSFUL'],
      [3, 'LOAD_DW_SALES', 'ERROR'],
      [4, 'BUILD_SALES_CUBE', 'WAITING'],
      [5, 'PUBLISH_SALES_KPI', 'WAITING'],
    ]);
    const viaStream = await t.query<{
      jobStream: { name: string; criticalPath: { totalEstimatedDuration: string } };
    }>(
      `{ jobStream(id: "${jobStreamIdOf('ETL_SALES')}") { name criticalPath { totalEstimatedDuration } } }`,
      { role: 'viewer' },
    );
    expect(viaStream.data!.jobStream).toEqual({
      name: 'ETL_SALES',
      criticalPath: { totalEstimatedDuration: 'PT2H5M' },
    });
  });

  it('syncKnowledgeGraph is for admins; viewer and operator get FORBIDDEN', async () => {
    for (const role of ['viewer', 'operator'] as const) {
      const res = await t.query(`mutation { syncKnowledgeGraph { changed } }`, { role });
      expect(res.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
      expect(res.data ?? null).toBeNull();
    }
  });

  it('as admin it reports what it created, updated and removed; a second run changes nothing', async () => {
    const sync = `mutation { syncKnowledgeGraph { changed startedAt finishedAt created ${COUNTS} updated ${COUNTS} removed ${COUNTS} unchanged ${COUNTS} } }`;
    const first = await t.query<{ syncKnowledgeGraph: Record<string, unknown> }>(sync, { role: 'admin' });
    expect(first.errors).toBeUndefined();
    // The start-up sync already loaded this plan.
    expect(first.data!.syncKnowledgeGraph).toMatchObject({
      changed: false,
      created: ZERO,
      updated: ZERO,
      removed: ZERO,
      unchanged: { jobs: 44, jobStreams: 9, workstations: 7 },
    });

    const response = await fetch(`${t.stack.simulator!.url}/api/v2/plan/job/submit-ad-hoc-job`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from('resync:resync').toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        workstationKey: 'AGT_LNX01',
        alias: 'KG_E2E_ADHOC',
        task: { UNIX: { taskString: 'true' } },
      }),
    });
    expect(response.ok).toBe(true);
    const changed = await t.query<{
      syncKnowledgeGraph: { changed: boolean; created: { jobs: number; relationships: number } };
    }>(sync, { role: 'admin' });
    expect(changed.data!.syncKnowledgeGraph).toMatchObject({ changed: true, created: { jobs: 1 } });
    const again = await t.query<{ syncKnowledgeGraph: Record<string, unknown> }>(sync, { role: 'admin' });
    expect(again.data!.syncKnowledgeGraph).toMatchObject({
      changed: false,
      created: ZERO,
      updated: ZERO,
      removed: ZERO,
      unchanged: { jobs: 45 },
    });
  });

  it('health reports the graph: Neo4j up and when it was synced', async () => {
    const res = await t.query<{
      health: {
        components: Array<{ name: string; status: string; mode: string | null; detail: string | null }>;
      };
    }>('{ health { components { name status mode detail } } }', { role: 'viewer' });
    const byName = new Map(res.data!.health.components.map((c) => [c.name, c]));
    expect(byName.get('neo4j')?.status).toBe('UP');
    expect(byName.get('knowledge-graph')).toMatchObject({
      status: 'UP',
      mode: `namespace ${graph}`,
      detail: expect.stringMatching(/^synced /),
    });
  });
});

describe('knowledge while Neo4j is down', () => {
  let t: TestStack;
  beforeAll(async () => {
    t = await startTestStack({
      // Configured, but nothing listens there: an outage, not a missing setting.
      env: {
        NEO4J_URI: `bolt://127.0.0.1:${await freePort()}`,
        NEO4J_TIMEOUT_MS: '1000',
        KNOWLEDGE_QUERY_TIMEOUT_MS: '1000',
        KNOWLEDGE_GRAPH: uniquePrefix('e2e_kg_down'),
      },
      simulator: FROZEN,
    });
  });
  afterAll(() => t.stop());

  it('live fields still answer; the knowledge fields say UPSTREAM_UNAVAILABLE', async () => {
    const res = await t.query<{ job: { name: string; status: string; impact: unknown } }>(
      `{ job(id: "${LOAD}") { name status impact { count } } }`,
      { role: 'viewer' },
    );
    expect(res.data!.job).toEqual({ name: 'LOAD_DW_SALES', status: 'ERROR', impact: null });
    expect(res.errors?.map((e) => e.extensions?.['code'])).toEqual(['UPSTREAM_UNAVAILABLE']);
  });

  it('health shows Neo4j DOWN and the rest of the system working', async () => {
    const res = await t.query<{
      health: { status: string; components: Array<{ name: string; status: string }> };
    }>('{ health { status components { name status } } }', { role: 'viewer' });
    const byName = Object.fromEntries(res.data!.health.components.map((c) => [c.name, c.status]));
    expect(byName).toMatchObject({ neo4j: 'DOWN', 'subgraph:tws': 'UP', hwa: 'UP' });
    expect(res.data!.health.status).toBe('DEGRADED');
  });
});
