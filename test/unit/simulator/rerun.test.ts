// Rerun by run id (PUT plan/job/run/{run_id}/action/rerun): a new jobruns[] entry, the chain moves,
// the rerun runs for its estimated duration and releases its successors.
import { jobIdOf, runIdOf } from '../../../simulator/index.js';
import { json, MINUTE, startTestSim, type TestSim } from './support/sim.js';
import type { ErrorBody, Job, JobStream, ResourceResponse } from './support/wire.js';

let t: TestSim;
beforeEach(async () => {
  t = await startTestSim();
});
afterEach(() => t.sim.stop());

const rerun = (runId: string, body: unknown = {}): Promise<Response> =>
  t.put(`plan/job/run/${runId}/action/rerun`, body);
const job = (stream: string, name: string): Promise<Job> => t.get<Job>(`plan/job/${jobIdOf(stream, name)}`);

test('rerun of LOAD_DW_SALES: new run, chain moved, SUCC after PT25M, successors and FIN_CLOSE released', async () => {
  const res = await rerun(runIdOf('ETL_SALES', 'LOAD_DW_SALES'));
  expect(res.status).toBe(200);
  const body = await json<ResourceResponse>(res);
  expect(body.id).toBe(runIdOf('ETL_SALES', 'LOAD_DW_SALES', 2));
  expect(body.url).toMatch(new RegExp(`/plan/job/${jobIdOf('ETL_SALES', 'LOAD_DW_SALES')}$`));

  let load = await job('ETL_SALES', 'LOAD_DW_SALES');
  expect(
    load.jobruns.map((r) => [
      r.runAttempt,
      r.rerunType,
      r.lastInRerunChain,
      r.compositeStatus.status,
      r.rerunJob,
    ]),
  ).toEqual([
    [1, 'REGULAR', false, 'ABEND', false],
    [2, 'RERUN', true, 'READY', true],
  ]);
  expect(load.jobruns[0]?.returnCode).toBe(12);
  expect(load.jobStatusFlags.restarted).toBe(true);

  t.sim.advance(1000);
  load = await job('ETL_SALES', 'LOAD_DW_SALES');
  expect(load.lastRunCompositeStatus.status).toBe('EXEC');
  expect(load.jobruns[1]?.timeInfo.actualStartTime).toBe('2026-03-09T15:00:01.000Z');
  await expect(rerun(runIdOf('ETL_SALES', 'LOAD_DW_SALES', 2)).then((r) => r.status)).resolves.toBe(400);

  t.sim.advance(25 * MINUTE);
  load = await job('ETL_SALES', 'LOAD_DW_SALES');
  expect(load.lastRunCompositeStatus.status).toBe('SUCC');
  expect(load.lastRunCommonStatus).toBe('SUCCESSFUL');
  expect(load.jobruns[1]).toMatchObject({
    returnCode: 0,
    timeInfo: expect.objectContaining({ elapsedTime: 'PT25M' }),
  });
  for (const name of ['BUILD_SALES_CUBE', 'REFRESH_SALES_MART', 'VALIDATE_DW_COUNTS']) {
    expect((await job('ETL_SALES', name)).lastRunCompositeStatus.status).toBe('READY');
  }
  expect((await job('FIN_CLOSE', 'FC_IMPORT_SALES')).dependencies?.[0]?.dependencyStatus).toBe('SATISFIED');
  const log = await (await t.fetch(`plan/job/run/${runIdOf('ETL_SALES', 'LOAD_DW_SALES', 2)}/joblog`)).text();
  expect(log).toMatch(/Exit Status\s+: 0/);

  // The whole ETL stream then completes; FIN_CLOSE runs up to the job gated by the fenced FX load.
  t.sim.advance(3 * 60 * MINUTE);
  const etl = await t.get<JobStream>(`plan/jobstream/${load.jobStreamId}`);
  expect(etl.compositeStatus.status).toBe('SUCC');
  expect((await job('FIN_CLOSE', 'FC_TRIAL_BALANCE')).lastRunCompositeStatus.status).toBe('SUCC');
  expect((await job('FIN_CLOSE', 'FC_CONSOLIDATE')).lastRunCompositeStatus.status).toBe('HOLD');
  expect((await job('FIN_CLOSE', 'FC_FX_RATES')).lastRunCompositeStatus.status).toBe('FENCE');
});

test('rerun options: stepName → RERUN_STEP, jobDefinitionDbKey → RERUN_FROM, startTime delays the launch', async () => {
  await rerun(runIdOf('BACKUP_DB', 'VERIFY_BACKUP', 2), { stepName: 'STEP2' });
  const verify = await job('BACKUP_DB', 'VERIFY_BACKUP');
  expect(verify.jobruns.at(-1)).toMatchObject({ rerunType: 'RERUN_STEP', step: 'STEP2', runAttempt: 3 });
  const later = new Date(Date.parse('2026-03-09T15:00:00Z') + 10 * MINUTE).toISOString();
  await rerun(runIdOf('DAILY_START', 'OPEN_DAY'), {
    jobDefinitionDbKey: '/MASTER#/OPEN_DAY',
    startTime: later,
  });
  let open = await job('DAILY_START', 'OPEN_DAY');
  expect(open.jobruns.at(-1)?.rerunType).toBe('RERUN_FROM');
  expect(open.lastRunCompositeStatus.substatus).toBe('HOLD_WAITING_FOR_TIME');
  t.sim.advance(10 * MINUTE + 1000);
  open = await job('DAILY_START', 'OPEN_DAY');
  expect(open.lastRunCompositeStatus.status).toBe('EXEC');
});

test('invalid reruns: waiting or running jobs (400), unknown run (404), bad body (400), 415 without JSON type', async () => {
  const running = await rerun(runIdOf('BILLING_DAILY', 'GEN_INVOICES'));
  expect(running.status).toBe(400);
  expect((await json<ErrorBody>(running)).messages[0]).toMatch(/EXEC state/);
  expect((await rerun(runIdOf('ETL_SALES', 'BUILD_SALES_CUBE'))).status).toBe(400);
  expect((await rerun('00000000-0000-0000-0000-000000000000')).status).toBe(404);
  expect((await rerun(runIdOf('ETL_SALES', 'LOAD_DW_SALES'), { priority: 'high' })).status).toBe(400);
  const noType = await t.fetch(`plan/job/run/${runIdOf('ETL_SALES', 'LOAD_DW_SALES')}/action/rerun`, {
    method: 'PUT',
    body: '{}',
  });
  expect(noType.status).toBe(415);
  expect((await job('ETL_SALES', 'LOAD_DW_SALES')).jobruns).toHaveLength(1);
  expect(t.sim.actions().map((a) => a.status)).toEqual([400, 400, 404, 400, 415]);
  expect(t.sim.actions()[0]?.jobId).toBe(jobIdOf('BILLING_DAILY', 'GEN_INVOICES'));
});

test('rerun without a body works (no Content-Type needed when nothing is sent)', async () => {
  const res = await t.fetch(`plan/job/run/${runIdOf('REPORTS_MORNING', 'RPT_STOCK')}/action/rerun`, {
    method: 'PUT',
  });
  expect(res.status).toBe(200);
  t.sim.advance(11 * MINUTE + 1000);
  expect((await job('REPORTS_MORNING', 'RPT_STOCK')).lastRunCompositeStatus.status).toBe('SUCC');
});
