// Predecessors/successors: {count, results: FlowNodeInPlanV2[]}, depth, JOB vs JOBSTREAM nodes.
import { jobIdOf, jobStreamIdOf } from '../../../simulator/index.js';
import { startTestSim, type TestSim } from './support/sim.js';
import type { FlowNode, Job, ListResponse } from './support/wire.js';

type Nodes = ListResponse<FlowNode>;

let t: TestSim;
beforeAll(async () => {
  t = await startTestSim();
});
afterAll(() => t.sim.stop());

const names = (body: Nodes): string[] => body.results.map((r) => `${r.flowNodeType}:${r.name}`).sort();

test('successors of LOAD_DW_SALES: depth 1 is the 3 internal jobs plus FIN_CLOSE.FC_IMPORT_SALES', async () => {
  const body = await t.get<Nodes>(`plan/job/${jobIdOf('ETL_SALES', 'LOAD_DW_SALES')}/successors`);
  expect(body.count).toBe(4);
  expect(names(body)).toEqual([
    'JOB:BUILD_SALES_CUBE',
    'JOB:FC_IMPORT_SALES',
    'JOB:REFRESH_SALES_MART',
    'JOB:VALIDATE_DW_COUNTS',
  ]);
  expect((body.results[0] as Job).jobruns).toBeDefined();
});

test('depth widens the walk, each node once', async () => {
  const d2 = await t.get<Nodes>(`plan/job/${jobIdOf('ETL_SALES', 'LOAD_DW_SALES')}/successors?depth=2`);
  expect(names(d2)).toEqual([
    'JOB:BUILD_SALES_CUBE',
    'JOB:FC_ACCRUALS',
    'JOB:FC_IMPORT_SALES',
    'JOB:PUBLISH_SALES_KPI',
    'JOB:REFRESH_SALES_MART',
    'JOB:VALIDATE_DW_COUNTS',
  ]);
  const all = await t.get<Nodes>(`plan/job/${jobIdOf('ETL_SALES', 'LOAD_DW_SALES')}/successors?depth=10`);
  expect(all.count).toBe(new Set(all.results.map((r) => r.id)).size);
  expect(names(all)).toContain('JOB:FC_REPORTS');
});

test('predecessors: TRANSFORM_SALES waits for both extracts; depth 2 adds nothing beyond them', async () => {
  const p = await t.get<Nodes>(`plan/job/${jobIdOf('ETL_SALES', 'TRANSFORM_SALES')}/predecessors`);
  expect(names(p)).toEqual(['JOB:EXTRACT_CUSTOMERS', 'JOB:EXTRACT_ORDERS']);
  const chain = await t.get<Nodes>(`plan/job/${jobIdOf('FIN_CLOSE', 'FC_ACCRUALS')}/predecessors?depth=5`);
  expect(names(chain)).toEqual([
    'JOB:EXTRACT_CUSTOMERS',
    'JOB:EXTRACT_ORDERS',
    'JOB:FC_IMPORT_SALES',
    'JOB:LOAD_DW_SALES',
    'JOB:TRANSFORM_SALES',
  ]);
});

test('job stream level: ETL_SALES follows DAILY_START.OPEN_DAY, so OPEN_DAY has a JOBSTREAM successor', async () => {
  const succ = await t.get<Nodes>(`plan/job/${jobIdOf('DAILY_START', 'OPEN_DAY')}/successors`);
  expect(names(succ)).toEqual(['JOBSTREAM:ETL_SALES']);
  expect(succ.results[0]?.flowNodeType === 'JOBSTREAM' && succ.results[0].originalJobStreamName).toBe(
    'ETL_SALES',
  );
  const pred = await t.get<Nodes>(`plan/jobstream/${jobStreamIdOf('ETL_SALES')}/predecessors`);
  expect(names(pred)).toEqual(['JOB:OPEN_DAY']);
  expect((await t.get<Nodes>(`plan/jobstream/${jobStreamIdOf('JOBS')}/successors`)).count).toBe(0);
});

test('predecessors and successors are the same edge set seen from both ends', async () => {
  const jobs = (await t.get<ListResponse<Job>>('plan/job')).results;
  for (const job of jobs) {
    const succ = await t.get<Nodes>(`plan/job/${job.id}/successors`);
    for (const s of succ.results.filter((r) => r.flowNodeType === 'JOB')) {
      const back = await t.get<Nodes>(`plan/job/${s.id}/predecessors`);
      expect(back.results.map((r) => r.id)).toContain(job.id);
    }
  }
});

test('404 for unknown ids, 400 for a bad depth', async () => {
  expect((await t.fetch('plan/job/nope/successors')).status).toBe(404);
  expect((await t.fetch(`plan/job/${jobIdOf('ETL_SALES', 'LOAD_DW_SALES')}/successors?depth=0`)).status).toBe(
    400,
  );
  expect((await t.fetch(`plan/job/${jobIdOf('ETL_SALES', 'LOAD_DW_SALES')}/successors?depth=x`)).status).toBe(
    400,
  );
});
