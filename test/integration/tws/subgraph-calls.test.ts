// How many HWA calls a dashboard query costs: DataLoader batching per request, the cache across
// requests, and entity lookups from other subgraphs in one batched call.
import { jobIdOf } from '../../../simulator/index.js';
import { Disposer } from '../../harness/services.js';
import { eventually, startTwsCluster, type TwsCluster } from './support/tws.js';

const DASHBOARD = `{
  jobs(first: 50) { totalCount edges { node { id name status internalStatus returnCode
    jobStream { id name status } workstation { name linked running } } } }
}`;

const API = '/twsd/api/v2/';
const hwaCalls = (c: TwsCluster) =>
  Object.fromEntries(
    Object.entries(c.sim.stats())
      .filter(([path]) => path.startsWith(API))
      .map(([path, n]) => [path.slice(API.length), n]),
  );

describe('tws subgraph: HWA calls per query', () => {
  const disposer = new Disposer();
  let c: TwsCluster;
  beforeAll(async () => {
    // No Redis and a long poll interval: only the query under test talks to HWA after the first poll.
    c = await startTwsCluster(disposer, {
      redis: false,
      env: { TWS_POLL_INTERVAL_MS: '600000' },
      simulator: { clock: { mode: 'manual', now: new Date('2026-03-09T15:00:00Z') } },
    });
    // The first (baseline) poll is one plan/job call; once HWA saw it, nothing else is due.
    await eventually(() => (c.sim.stats()[`${API}plan/job`] ?? 0) >= 1, 'the baseline poll');
  });
  afterAll(() => disposer.disposeAll());
  beforeEach(() => c.sim.reset());

  it('jobs(first: 50) with stream and workstation costs three HWA calls, then none while cached', async () => {
    const first = await c.instances[0]!.query<{
      jobs: {
        totalCount: number;
        edges: Array<{ node: { jobStream: { name: string }; workstation: { name: string } | null } }>;
      };
    }>(DASHBOARD);
    expect(first.errors).toBeUndefined();
    expect(first.data!.jobs.edges).toHaveLength(44);
    expect(first.data!.jobs.edges.every((e) => e.node.jobStream.name.length > 0)).toBe(true);
    expect(hwaCalls(c)).toEqual({ 'plan/job': 1, 'plan/jobstream': 1, 'plan/workstation': 1 });

    const again = await c.instances[0]!.query(DASHBOARD);
    expect(again.data).toEqual(first.data);
    expect(hwaCalls(c)).toEqual({ 'plan/job': 1, 'plan/jobstream': 1, 'plan/workstation': 1 });
  });

  it('resolves entity references from other subgraphs (_entities) in one batched call', async () => {
    const ids = ['LOAD_DW_SALES', 'TRANSFORM_SALES', 'EXTRACT_ORDERS', 'EXTRACT_CUSTOMERS'].map((n) =>
      jobIdOf('ETL_SALES', n),
    );
    const res = await c.instances[0]!.query<{ _entities: Array<{ name: string; status: string } | null> }>(
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Job { name status } } }`,
      'viewer',
      { r: [...ids.map((id) => ({ __typename: 'Job', id })), { __typename: 'Job', id: 'gone' }] },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities.map((e) => e?.name ?? null)).toEqual([
      'LOAD_DW_SALES',
      'TRANSFORM_SALES',
      'EXTRACT_ORDERS',
      'EXTRACT_CUSTOMERS',
      null,
    ]);
    expect(hwaCalls(c)).toEqual({ 'plan/job': 1 });
  });
});
