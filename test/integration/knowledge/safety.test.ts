// Bad data and a dead Neo4j: walks end on cycles, critical path skips them, and a Neo4j outage
// becomes UPSTREAM_UNAVAILABLE (then a fast-failing open breaker) instead of a hang or a raw error.
import type { JobInPlan, JobStreamInPlan, WorkstationInPlan } from '../../../core/hwa/index.js';
import { freePort } from '../../../devservices/ports.js';
import { SnapshotBuilder } from '../../../subgraphs/knowledge/sync/snapshot-builder.js';
import { Disposer } from '../../harness/services.js';
import { graphUnderTest, jobsQuery, refs, type GraphUnderTest } from './support.js';

jest.setTimeout(60_000);

const disposer = new Disposer();
afterAll(() => disposer.disposeAll());

const job = (id: string, stream: string, minutes: number, after: string[] = []): JobInPlan =>
  ({
    id,
    name: id.toUpperCase(),
    jobStreamId: stream,
    jobStreamName: stream.toUpperCase(),
    workstationId: 'w',
    jobDefinition: { estimatedDuration: `PT${minutes}M` },
    dependencies: after.map((p) => ({ dependencyType: 'INTERNAL', jobId: p })),
  }) as JobInPlan;

/** Stream S: a → b → c → a (a cycle, as bad data can have), d alone; stream T: x waits for a. */
function cyclicPlan() {
  const b = new SnapshotBuilder();
  b.addWorkstation({ id: 'w', name: 'AGT' } as WorkstationInPlan);
  b.addJobStream({ id: 's', name: 'S' } as JobStreamInPlan);
  b.addJobStream({ id: 't', name: 'T' } as JobStreamInPlan);
  b.addJob(job('a', 's', 5, ['c']));
  b.addJob(job('b', 's', 5, ['a']));
  b.addJob(job('c', 's', 5, ['b']));
  b.addJob(job('d', 's', 7));
  b.addJob({
    ...job('x', 't', 1),
    dependencies: [{ dependencyType: 'EXTERNAL_JOB', jobId: 'a' }],
  } as JobInPlan);
  return b.build();
}

describe('cycles in bad data', () => {
  let g: GraphUnderTest;
  beforeAll(async () => {
    g = await graphUnderTest(disposer, { load: cyclicPlan });
    await g.syncer.sync('api');
  });

  it('walks end, each job listed once', async () => {
    const res = await g.run<{
      _entities: Array<{ successors: Array<{ id: string }>; predecessors: Array<{ id: string }> }>;
    }>(jobsQuery('successors(depth: 20) { id } predecessors(depth: 20) { id }'), refs(['a']));
    expect(res.errors).toBeUndefined();
    const [a] = res.data!._entities;
    expect(a!.successors.map((j) => j.id).sort()).toEqual(['b', 'c', 'x']);
    expect(a!.predecessors.map((j) => j.id).sort()).toEqual(['b', 'c']);
  });

  it('impact counts every job once', async () => {
    const res = await g.run<{ _entities: Array<{ impact: { count: number; maxDistance: number } }> }>(
      jobsQuery('impact { count maxDistance }'),
      refs(['b']),
    );
    // b → c → a → x
    expect(res.data!._entities[0]!.impact).toEqual({ count: 3, maxDistance: 3 });
  });

  it('critical path leaves the cycle out and says how many jobs it skipped', async () => {
    const res = await g.run<{
      criticalPath: { jobsOnCycles: number; steps: Array<{ name: string }>; totalEstimatedSeconds: number };
    }>('{ criticalPath(jobStreamId: "s") { jobsOnCycles totalEstimatedSeconds steps { name } } }');
    expect(res.data!.criticalPath).toEqual({
      jobsOnCycles: 3,
      totalEstimatedSeconds: 420,
      steps: [{ name: 'D' }],
    });
  });
});

describe('Neo4j outage', () => {
  let g: GraphUnderTest;
  beforeAll(async () => {
    // Nothing listens on a port the OS just handed out and took back.
    g = await graphUnderTest(disposer, {
      neo4jUri: `bolt://127.0.0.1:${await freePort()}`,
      load: cyclicPlan,
    });
  });

  it('fields answer UPSTREAM_UNAVAILABLE, never a raw driver error', async () => {
    const res = await g.run(jobsQuery('impact { count }'), refs(['a']));
    expect(res.errors?.length).toBeGreaterThan(0);
    expect(res.errors!.every((e) => e.extensions['code'] === 'UPSTREAM_UNAVAILABLE')).toBe(true);
    const summary = await g.run('{ criticalPath(jobStreamId: "s") { totalEstimatedSeconds } }');
    expect(summary.errors?.[0]?.extensions['code']).toBe('UPSTREAM_UNAVAILABLE');
    const counts = await g.run('{ graphSummary { jobs } }');
    expect(counts.errors?.[0]).toMatchObject({
      message: expect.stringContaining('Neo4j'),
      extensions: { code: 'UPSTREAM_UNAVAILABLE', upstream: 'neo4j' },
    });
  });

  it('a sync fails with UPSTREAM_UNAVAILABLE and is remembered for health', async () => {
    await expect(g.syncer.sync('api')).rejects.toMatchObject({
      extensions: { code: 'UPSTREAM_UNAVAILABLE' },
    });
    expect(g.syncer.status()).toMatchObject({
      running: false,
      last: undefined,
      lastError: expect.stringContaining('Neo4j'),
    });
  });

  it('the breaker opens after repeated failures and then fails fast', async () => {
    for (let i = 0; i < 6; i++) await g.db.read('probe', 'RETURN 1').catch(() => undefined);
    await expect(g.db.read('probe', 'RETURN 1')).rejects.toMatchObject({
      message: expect.stringContaining('circuit open'),
      extensions: { code: 'UPSTREAM_UNAVAILABLE' },
    });
  });
});
