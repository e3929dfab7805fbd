// The default dataset matches NOTES §6: counts, showcase statuses, consistent dependencies, ids.
import {
  DATASET_IDS,
  jobIdOf,
  jobStreamIdOf,
  runIdOf,
  uuidv5,
  workstationIdOf,
} from '../../../simulator/index.js';
import { startTestSim, type TestSim } from './support/sim.js';
import type { Job, JobStream, Page, Workstation } from './support/wire.js';

let t: TestSim;
let jobs: Job[];
const byName = (stream: string, name: string): Job => {
  const job = jobs.find((j) => j.jobStreamName === stream && j.name === name);
  if (!job) throw new Error(`no job ${stream}.${name}`);
  return job;
};

beforeAll(async () => {
  t = await startTestSim();
  jobs = (await t.get<Page<Job>>('plan/job')).results;
});
afterAll(() => t.sim.stop());

test('uuidv5 follows RFC 9562 (known vector: DNS namespace, "www.example.com")', () => {
  expect(uuidv5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
    '2ed6657d-e927-568b-95e1-2665a8aea6a2',
  );
});

test('7 workstations, 9 job streams, 44 jobs, with the exported deterministic ids', async () => {
  const ws = await t.get<Page<Workstation>>('plan/workstation');
  const streams = await t.get<Page<JobStream>>('plan/jobstream');
  expect(ws.count).toBe(7);
  expect(streams.count).toBe(9);
  expect(jobs).toHaveLength(44);
  expect(new Set(jobs.map((j) => j.id))).toEqual(new Set(Object.values(DATASET_IDS.jobs)));
  expect(new Set(streams.results.map((s) => s.id))).toEqual(new Set(Object.values(DATASET_IDS.jobStreams)));
  expect(new Set(ws.results.map((w) => w.id))).toEqual(new Set(Object.values(DATASET_IDS.workstations)));
  const load = byName('ETL_SALES', 'LOAD_DW_SALES');
  expect(load.id).toBe(jobIdOf('ETL_SALES', 'LOAD_DW_SALES'));
  expect(load.jobruns[0]?.id).toBe(runIdOf('ETL_SALES', 'LOAD_DW_SALES'));
  expect(load.jobStreamId).toBe(jobStreamIdOf('ETL_SALES'));
  expect(load.workstationId).toBe(workstationIdOf('POOL_ETL'));
  // Stable across restarts.
  const again = await startTestSim({ clock: { mode: 'manual', now: new Date('2026-07-01T10:00:00Z') } });
  try {
    expect((await again.get<Job>(`plan/job/${load.id}`)).key).toBe(load.key);
  } finally {
    await again.sim.stop();
  }
});

test.each([
  ['DAILY_START', 'OPEN_DAY', 'SUCC', undefined, 'SUCCESSFUL'],
  ['ETL_SALES', 'LOAD_DW_SALES', 'ABEND', undefined, 'ERROR'],
  ['ETL_SALES', 'BUILD_SALES_CUBE', 'HOLD', 'HOLD_WAITING_FOR_PREDECESSOR', 'WAITING'],
  ['BILLING_DAILY', 'GEN_INVOICES', 'EXEC', undefined, 'RUNNING'],
  ['FIN_CLOSE', 'FC_IMPORT_SALES', 'HOLD', 'HOLD_WAITING_FOR_PREDECESSOR', 'WAITING'],
  ['FIN_CLOSE', 'FC_FX_RATES', 'FENCE', undefined, 'READY'],
  ['BACKUP_DB', 'PURGE_OLD', 'CANCL', undefined, 'CANCELED'],
  ['REPORTS_MORNING', 'RPT_SALES', 'READY', 'READY_WAITING_FOR_RESOURCES', 'READY'],
  ['REPORTS_MORNING', 'RPT_STOCK', 'FAIL', undefined, 'ERROR'],
  ['REPORTS_MORNING', 'RPT_HR', 'HOLD', 'HOLD_WAITING_FOR_TIME', 'WAITING'],
  ['HR_PAYROLL', 'PAY_EXTRACT_HOURS', 'UNDCDED', undefined, 'UNDECIDED'],
  ['HR_PAYROLL', 'PAY_CALC_GROSS', 'HOLD', 'HOLD_WAITING_FOR_PREDECESSOR', 'WAITING'],
  ['MONTHEND_PREP', 'ME_FREEZE_LEDGER', 'HOLD', 'HOLD_PRIORITY_ZERO', 'HELD'],
  ['MONTHEND_PREP', 'ME_REVALUE_FX', 'SUPPR', 'SUPPR_UNSATISFIED_DEPENDENCY', 'SUPPRESS'],
  ['MONTHEND_PREP', 'ME_CONFIRM_INPUTS', 'HOLD', 'HOLD_WAITING_FOR_PROMPT', 'WAITING'],
  ['JOBS', 'ADHOC_HOUSEKEEPING', 'SUCC', undefined, 'SUCCESSFUL'],
])('%s.%s is %s/%s (%s)', (stream, name, status, substatus, common) => {
  const job = byName(stream, name);
  expect(job.lastRunCompositeStatus.status).toBe(status);
  expect(job.lastRunCompositeStatus.substatus).toBe(substatus);
  expect(job.lastRunCommonStatus).toBe(common);
});

test('showcase details: rc 12 on AGT_LNX02, late GEN_INVOICES, held priorities, two VERIFY_BACKUP runs', () => {
  const load = byName('ETL_SALES', 'LOAD_DW_SALES');
  expect(load.jobruns.at(-1)).toMatchObject({
    returnCode: 12,
    actualWorkstation: 'AGT_LNX02',
    lastInRerunChain: true,
    runAttempt: 1,
  });
  expect(load.jobDefinition?.estimatedDuration).toBe('PT25M');
  const gen = byName('BILLING_DAILY', 'GEN_INVOICES');
  expect(gen.jobruns[0]?.timeInfo).toMatchObject({ estimatedDuration: 'PT30M', elapsedTime: 'PT40M' });
  expect(gen.jobStatusFlags.jobLate).toBe(true);
  const held = byName('MONTHEND_PREP', 'ME_SNAPSHOT_BAL');
  expect([held.priority, held.origPriority]).toEqual([0, 10]);
  const verify = byName('BACKUP_DB', 'VERIFY_BACKUP');
  expect(
    verify.jobruns.map((r) => [r.compositeStatus.status, r.returnCode, r.rerunType, r.lastInRerunChain]),
  ).toEqual([
    ['ABEND', 4, 'REGULAR', false],
    ['SUCC', 0, 'RERUN', true],
  ]);
  expect(byName('REPORTS_MORNING', 'RPT_STOCK').jobruns[0]?.returnCode).toBeUndefined();
  for (const job of jobs) expect(job.jobDefinition?.estimatedDuration).toMatch(/^PT\d+[HMS]/);
});

test('dependencies are consistent: ids, types, statuses follow their predecessors', () => {
  const status = new Map(jobs.map((j) => [j.id, j.lastRunCompositeStatus.status]));
  for (const job of jobs) {
    for (const dep of job.dependencies ?? []) {
      expect(dep.id).toMatch(/^[0-9a-f-]{36}$/);
      if (dep.dependencyType === 'INTERNAL')
        expect(jobs.find((j) => j.id === dep.jobId)?.jobStreamId).toBe(job.jobStreamId);
      if (dep.dependencyType === 'EXTERNAL_JOB')
        expect(jobs.find((j) => j.id === dep.jobId)?.jobStreamId).not.toBe(job.jobStreamId);
      if (dep.jobId && !dep.outputConditions) {
        const pred = status.get(dep.jobId);
        expect(dep.dependencyStatus).toBe(
          pred === 'SUCC' || pred === 'CANCL'
            ? 'SATISFIED'
            : pred === 'UNDCDED'
              ? 'UNDECIDED'
              : 'UNSATISFIED',
        );
      }
    }
  }
  const fc = byName('FIN_CLOSE', 'FC_IMPORT_SALES').dependencies?.[0];
  expect(fc).toMatchObject({
    dependencyType: 'EXTERNAL_JOB',
    jobName: 'LOAD_DW_SALES',
    jobStreamName: 'ETL_SALES',
    dependencyStatus: 'UNSATISFIED',
  });
  const transform = (byName('ETL_SALES', 'TRANSFORM_SALES').dependencies ?? []).map((d) => d.jobName).sort();
  expect(transform).toEqual(['EXTRACT_CUSTOMERS', 'EXTRACT_ORDERS']);
  const prompt = byName('MONTHEND_PREP', 'ME_CONFIRM_INPUTS').dependencies?.[0];
  expect(prompt).toMatchObject({
    dependencyType: 'PROMPT',
    text: 'Confirm month-end inputs?',
    dependencyStatus: 'UNSATISFIED',
  });
  const suppr = byName('MONTHEND_PREP', 'ME_REVALUE_FX').dependencies?.[0];
  expect(suppr).toMatchObject({
    dependencyType: 'EXTERNAL_JOB',
    outputConditions: ['RC_OK'],
    conditional: true,
    dependencyStatus: 'UNSATISFIED',
  });
});

test('job streams: ETL_SALES is ABEND/ERROR with consistent stats and its follows dependency on GET by id', async () => {
  const etl = await t.get<JobStream>(`plan/jobstream/${jobStreamIdOf('ETL_SALES')}`);
  expect(etl.compositeStatus.status).toBe('ABEND');
  expect(etl.commonStatus).toBe('ERROR');
  expect(etl.jobStreamStats).toMatchObject({
    numberOfJob: 8,
    numberOfSuccessfullJob: 3,
    numberOfAbendedJob: 1,
    numberOfNotRunningJob: 4,
  });
  expect(etl.jobs).toHaveLength(8);
  expect(etl.dependencies).toEqual([
    expect.objectContaining({
      dependencyType: 'EXTERNAL_JOB',
      jobName: 'OPEN_DAY',
      dependencyStatus: 'SATISFIED',
      jobStreamSuccId: etl.id,
    }),
  ]);
  const list = await t.get<Page<JobStream>>(`plan/jobstream?oql=${encodeURIComponent("name = 'ETL_SALES'")}`);
  expect(list.results[0]?.dependencies).toBeUndefined();
  expect(list.results[0]?.jobs).toBeUndefined();
});

test('workstations carry type, os, limit, fence and activeStates', async () => {
  const ws = (await t.get<Page<Workstation>>('plan/workstation')).results;
  const get = (n: string): Workstation | undefined => ws.find((w) => w.name === n);
  expect(get('MASTER')).toMatchObject({
    type: 'MANAGER',
    os: 'LINUX',
    activeStates: ['MASTER', 'LINKED', 'RUNNING', 'JOBMAN_UP'],
  });
  expect(get('AGT_WIN01')).toMatchObject({ type: 'AGENT', os: 'WINDOWS', fence: 30 });
  expect(get('AGT_LNX01')).toMatchObject({ limit: 20 });
  expect(get('FTA_AIX01')?.activeStates).not.toContain('LINKED');
  expect(get('POOL_ETL')?.type).toBe('POOL');
  expect(get('MASTER_DWB')?.type).toBe('WORKLOAD_BROKER');
});
