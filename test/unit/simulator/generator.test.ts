// Large generated plans: exact job counts, determinism by seed, acyclic dependency chains, a plan that
// the engine has actually run up to "now", and indexed queries that stay usable at 100k jobs.
import { SimCore } from '../../../simulator/core.js';
import { generateDataset } from '../../../simulator/dataset/generator.js';
import { FIXED_NOW, startTestSim, type TestSim } from './support/sim.js';
import type { GroupedCount, Job, JobStream, Page } from './support/wire.js';

const generated = (jobs: number, seed = 1): SimCore =>
  new SimCore({ dataset: { kind: 'generated', jobs, seed }, clock: { mode: 'manual', now: FIXED_NOW } });

test('exact counts; same seed → same ids and statuses; another seed → another plan', () => {
  for (const n of [0, 1, 44, 1234]) expect(generated(n).state.jobs.size).toBe(n);
  const a = generated(2000, 42);
  const b = generated(2000, 42);
  const c = generated(2000, 43);
  const sig = (core: SimCore): string => core.state.jobOrder.map((j) => `${j.id}:${j.status}`).join();
  expect(sig(a)).toBe(sig(b));
  expect(sig(a)).not.toBe(sig(c));
});

test('the dependency graph is a DAG with in-stream chains and some cross-stream edges', () => {
  const spec = generateDataset({ jobs: 20_000, seed: 3 }, FIXED_NOW.getTime());
  const order = new Map(spec.streams.map((s, i) => [s.name, i]));
  let internal = 0;
  let external = 0;
  const backwards: string[] = [];
  for (const [i, stream] of spec.streams.entries()) {
    const position = new Map(stream.jobs.map((j, k) => [j.name, k]));
    stream.jobs.forEach((job, k) => {
      for (const pred of job.follows ?? []) {
        internal++;
        if (!((position.get(pred) ?? Infinity) < k)) backwards.push(`${stream.name}.${job.name} <- ${pred}`);
      }
      for (const ext of job.external ?? []) {
        external++;
        if (!((order.get(ext.stream) ?? Infinity) < i))
          backwards.push(`${stream.name}.${job.name} <- ${ext.stream}`);
      }
    });
  }
  expect(backwards).toEqual([]);
  expect(internal).toBeGreaterThan(10_000);
  expect(external).toBeGreaterThan(20);
});

test('the plan has been simulated up to now: finished, running, failed and waiting jobs', () => {
  const core = generated(5000, 9);
  const counts = new Map<string, number>();
  for (const j of core.state.jobOrder) counts.set(j.status, (counts.get(j.status) ?? 0) + 1);
  expect(counts.get('SUCC')).toBeGreaterThan(500);
  expect(counts.get('HOLD')).toBeGreaterThan(500);
  expect(counts.get('ABEND')).toBeGreaterThan(0);
  for (const j of core.state.jobOrder) {
    const run = core.state.lastRun(j);
    if (j.status === 'SUCC') expect(run.endedAt).toBeLessThanOrEqual(FIXED_NOW.getTime());
    if (j.status === 'EXEC') expect(run.startedAt).toBeLessThanOrEqual(FIXED_NOW.getTime());
  }
  expect(core.state.latestStream('JOBS')).toBeDefined();
});

describe('100k jobs over HTTP', () => {
  let t: TestSim;
  beforeAll(async () => {
    t = await startTestSim({ dataset: { kind: 'generated', jobs: 100_000, seed: 1 } });
  }, 60_000);
  afterAll(() => t.sim.stop());

  test('counts, paging, indexed lookups and OQL over the whole plan', async () => {
    expect(await t.get<GroupedCount>('plan/job/count')).toEqual({ count: 100_000 });
    const page = await t.get<Page<Job>>('plan/job?limit=100&offset=50000', {
      scope: 'WHOLE_NO_DEPENDENCIES',
    });
    expect(page.count).toBe(100_000);
    expect(page.results).toHaveLength(100);
    const sample = page.results[0];
    if (!sample) throw new Error('empty page');
    expect(
      (await t.get<Page<Job>>(`plan/job?oql=${encodeURIComponent(`id = '${sample.id}'`)}`)).results[0]?.name,
    ).toBe(sample.name);
    const stream = await t.get<Page<Job>>(
      `plan/job?oql=${encodeURIComponent(`jobStreamId = '${sample.jobStreamId}' ORDER BY name`)}`,
    );
    expect(stream.count).toBeGreaterThanOrEqual(1);
    const abended = await t.get<Page<Job>>(
      `plan/job?limit=5&oql=${encodeURIComponent("status = 'ABEND' AND name LIKE 'LOAD%' ORDER BY name DESC")}`,
    );
    expect(
      abended.results.every((j) => j.lastRunCompositeStatus.status === 'ABEND' && j.name.startsWith('LOAD')),
    ).toBe(true);
    const grouped = await t.get<GroupedCount>('plan/job/count?grouping_filters=status');
    expect(Object.values(grouped.groupedCount ?? {}).reduce((a, b) => a + b, 0)).toBe(100_000);
    const streams = await t.get<Page<JobStream>>('plan/jobstream?limit=1');
    expect(streams.count).toBeGreaterThan(2000);
    t.sim.advance(60 * 60_000);
    expect((await t.get<GroupedCount>('plan/job/count')).count).toBe(100_000);
  }, 60_000);
});
