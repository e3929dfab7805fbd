// The V2 list envelope {count, results, next?, previous?}, limit/offset, Include-Count, scope, plan_id.
import { json, startTestSim, type TestSim } from './support/sim.js';
import type { ErrorBody, GroupedCount, Job, JobStream, Page } from './support/wire.js';

let t: TestSim;
beforeAll(async () => {
  t = await startTestSim();
});
afterAll(() => t.sim.stop());

test('default: every job, count, no next/previous', async () => {
  const page = await t.get<Page<Job>>('plan/job');
  expect(Object.keys(page)).toEqual(['count', 'results']);
  expect(page.count).toBe(44);
  expect(page.results).toHaveLength(44);
});

test('limit/offset pages with absolute next and previous links that walk the whole list', async () => {
  const seen: string[] = [];
  let url: string | undefined = `${t.api}/plan/job?limit=10`;
  let pages = 0;
  while (url) {
    const page: Page<Job> = await t.get<Page<Job>>(url);
    expect(page.count).toBe(44);
    seen.push(...page.results.map((j) => j.id));
    if (pages > 0) expect(page.previous).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/twsd\/api\/v2\/plan\/job\?/);
    url = page.next;
    pages++;
  }
  expect(pages).toBe(5);
  expect(new Set(seen).size).toBe(44);
  const middle = await t.get<Page<Job>>('plan/job?limit=10&offset=20');
  expect(new URL(middle.next ?? '').searchParams.get('offset')).toBe('30');
  expect(new URL(middle.previous ?? '').searchParams.get('offset')).toBe('10');
  const past = await t.get<Page<Job>>('plan/job?offset=100');
  expect(past).toMatchObject({ count: 44, results: [] });
});

test('Include-Count: false leaves count out; default (the spec says "true") includes it', async () => {
  const page = await t.get<Page<Job>>('plan/job?limit=3', { 'Include-Count': 'false' });
  expect(page.count).toBeUndefined();
  expect(page.results).toHaveLength(3);
  expect(page.next).toBeDefined();
  expect((await t.get<Page<JobStream>>('plan/jobstream', { 'Include-Count': 'true' })).count).toBe(9);
});

test.each(['limit=-1', 'limit=abc', 'offset=1.5'])('400 on bad paging parameter %s', async (q) => {
  const res = await t.fetch(`plan/job?${q}`);
  expect(res.status).toBe(400);
  expect((await json<ErrorBody>(res)).code).toBe('INVALID_PARAMETER');
});

test('scope header trims dependencies and job definitions', async () => {
  const whole = (await t.get<Page<Job>>('plan/job?limit=44')).results.find(
    (j) => j.name === 'TRANSFORM_SALES',
  );
  expect(whole?.dependencies).toHaveLength(2);
  const trimmed = (
    await t.get<Page<Job>>('plan/job?limit=44', { scope: 'WHOLE_NO_JOB_DEFINITIONS_AND_NO_DEPENDENCIES' })
  ).results.find((j) => j.name === 'TRANSFORM_SALES');
  expect(trimmed?.dependencies).toBeUndefined();
  expect(trimmed?.jobDefinition).toBeUndefined();
  expect(trimmed?.dependenciesStats['numberOfDependencies']).toBe(2);
});

test('plan_id: current and the plan id work, others 404', async () => {
  const plan = await t.get<{ planId: string }>('/_sim/plan');
  expect((await t.fetch('plan/job?plan_id=current&limit=1')).status).toBe(200);
  expect((await t.fetch(`plan/job?plan_id=${plan.planId}&limit=1`)).status).toBe(200);
  expect((await t.fetch('plan/job?plan_id=202603080005')).status).toBe(404);
});

test('job/jobstream counts with grouping_filters and plan_filter', async () => {
  expect(await t.get<GroupedCount>('plan/job/count')).toEqual({ count: 44 });
  const byStatus = await t.get<GroupedCount>('plan/job/count?grouping_filters=status');
  expect(byStatus.groupedCount).toMatchObject({ SUCC: 14, ABEND: 1, EXEC: 1, FENCE: 1, HOLD: 22 });
  const both = await t.get<GroupedCount>('plan/job/count?grouping_filters=workstation,status');
  expect(both.groupedCount?.['AGT_LNX02,EXEC']).toBe(1);
  const etl = await t.get<GroupedCount>(
    `plan/job/count?plan_filter=${encodeURIComponent('/@/@#/@/ETL_@.@')}&grouping_filters=commonStatus`,
  );
  expect(etl).toEqual({ count: 8, groupedCount: { SUCCESSFUL: 3, ERROR: 1, WAITING: 4 } });
  expect(
    (await t.get<Page<Job>>(`plan/job?plan_filter=${encodeURIComponent('POOL_ETL#ETL_SALES.LOAD@')}`)).count,
  ).toBe(1);
  expect(
    (await t.get<GroupedCount>('plan/jobstream/count?grouping_filters=status')).groupedCount,
  ).toMatchObject({ ABEND: 2, EXEC: 1, SUCC: 3 });
  const bad = await t.fetch('plan/job/count?grouping_filters=colour');
  expect(bad.status).toBe(400);
});
