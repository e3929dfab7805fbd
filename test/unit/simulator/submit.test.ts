// Submissions (ad-hoc job, predefined job, job stream) and the model (database) endpoints.
import {
  jobDefinitionIdOf,
  jobIdOf,
  modelJobStreamIdOf,
  modelWorkstationIdOf,
  workstationIdOf,
} from '../../../simulator/index.js';
import { json, MINUTE, startTestSim, type TestSim } from './support/sim.js';
import type {
  ErrorBody,
  FlowNode,
  Job,
  JobStream,
  ListResponse,
  ModelJobStreamDef,
  ModelObject,
  Page,
  ResourceResponse,
} from './support/wire.js';

let t: TestSim;
beforeEach(async () => {
  t = await startTestSim();
});
afterEach(() => t.sim.stop());

const adHoc = (body: unknown, headers?: Record<string, string>): Promise<Response> =>
  t.post('plan/job/submit-ad-hoc-job', body, headers);
const task = { UNIX: { taskString: 'ls -l /tmp', userName: 'twsuser', isCommand: 'true' } };

test('ad-hoc job lands in JOBS@MASTER, runs for a minute and succeeds', async () => {
  const res = await adHoc({ workstationKey: 'AGT_LNX01', alias: 'LIST_TMP', task });
  expect(res.status).toBe(200);
  const { id, url } = await json<ResourceResponse>(res);
  expect(url).toMatch(new RegExp(`/twsd/api/v2/plan/job/${id}$`));
  let job = await t.get<Job>(`plan/job/${id}`);
  expect(job).toMatchObject({
    name: 'LIST_TMP',
    jobStreamName: 'JOBS',
    jobStreamWorkstation: 'MASTER',
    workstation: 'AGT_LNX01',
    key: '/MASTER#/JOBS.LIST_TMP',
  });
  expect(job.jobDefinition?.task).toEqual({
    unix: { taskString: 'ls -l /tmp', userName: 'twsuser', isCommand: false },
  });
  expect(job.jobDefinitionRefId).toBeUndefined();
  t.sim.advance(1000);
  expect((await t.get<Job>(`plan/job/${id}`)).lastRunCompositeStatus.status).toBe('EXEC');
  t.sim.advance(MINUTE);
  job = await t.get<Job>(`plan/job/${id}`);
  expect(job.lastRunCompositeStatus.status).toBe('SUCC');
  const log = await (await t.fetch(`plan/job/run/${job.jobruns[0]?.id ?? ''}/joblog`)).text();
  expect(log).toContain('= JCLFILE   : ls -l /tmp');
  expect(t.sim.actions().at(-1)).toMatchObject({ action: 'submit-ad-hoc-job', jobId: id, status: 200 });
});

test('ad-hoc: 409 when the name exists in the destination stream; generated names; dependencies; Default-Workstation', async () => {
  expect((await adHoc({ workstationKey: 'MASTER', alias: 'ADHOC_HOUSEKEEPING', task })).status).toBe(409);
  const gen = await json<ResourceResponse>(
    await adHoc({ workstationId: workstationIdOf('AGT_LNX02'), task }),
  );
  expect((await t.get<Job>(`plan/job/${gen.id}`)).name).toBe('ADHOC_0001');
  const dep = await adHoc(
    {
      alias: 'AFTER_LOAD',
      task,
      dependencies: [{ dependencyType: 'EXTERNAL_JOB', jobId: jobIdOf('ETL_SALES', 'LOAD_DW_SALES') }],
    },
    { 'Default-Workstation': 'AGT_LNX01' },
  );
  const waiting = await t.get<Job>(`plan/job/${(await json<ResourceResponse>(dep)).id}`);
  expect(waiting.lastRunCompositeStatus.substatus).toBe('HOLD_WAITING_FOR_PREDECESSOR');
  expect(waiting.dependencies?.[0]).toMatchObject({
    dependencyType: 'EXTERNAL_JOB',
    jobName: 'LOAD_DW_SALES',
    dependencyStatus: 'UNSATISFIED',
  });
  const succ = await t.get<ListResponse<FlowNode>>(
    `plan/job/${jobIdOf('ETL_SALES', 'LOAD_DW_SALES')}/successors`,
  );
  expect(succ.results.map((r) => r.name)).toContain('AFTER_LOAD');
  const backupStreamId = (await t.get<Job>(`plan/job/${jobIdOf('BACKUP_DB', 'PURGE_OLD')}`)).jobStreamId;
  const inStream = await json<ResourceResponse>(
    await adHoc({ alias: 'IN_BACKUP', workstationKey: 'AGT_LNX01', jobStreamId: backupStreamId, task }),
  );
  expect((await t.get<Job>(`plan/job/${inStream.id}`)).jobStreamName).toBe('BACKUP_DB');
});

test.each([
  [{ workstationKey: 'MASTER' }, 400, /task/],
  [{ workstationKey: 'MASTER', task: { UNIX: {} } }, 400, /taskString/],
  [{ workstationKey: 'MASTER', task: { ZOS: { taskString: 'x' } } }, 400, /not supported/],
  [{ task }, 400, /workstation/],
  [{ workstationKey: 'NOPE', task }, 400, /does not exist/],
  [{ workstationKey: 'MASTER', jobStreamId: 'nope', task }, 400, /not in the plan/],
  [{ workstationKey: 'MASTER', priority: 500, task }, 400, /priority/],
])('ad-hoc body %j → %i', async (body, status, message) => {
  const res = await adHoc(body);
  expect(res.status).toBe(status);
  expect((await json<ErrorBody>(res)).messages[0]).toMatch(message);
});

test('submit a predefined job definition and a job stream from the model', async () => {
  const defRes = await t.post(`plan/job/${jobDefinitionIdOf('BACKUP_DB', 'NOTIFY_DBA')}/submit`, {});
  expect(defRes.status).toBe(200);
  const job = await t.get<Job>(`plan/job/${(await json<ResourceResponse>(defRes)).id}`);
  expect(job).toMatchObject({
    name: 'NOTIFY_DBA',
    jobStreamName: 'JOBS',
    jobDefinitionRefId: jobDefinitionIdOf('BACKUP_DB', 'NOTIFY_DBA'),
  });
  expect((await t.post(`plan/job/${jobDefinitionIdOf('BACKUP_DB', 'NOTIFY_DBA')}/submit`, {})).status).toBe(
    409,
  );

  const res = await t.post(`plan/jobstream/${modelJobStreamIdOf('DAILY_START')}/submit`, {
    alias: 'DAILY_START_RERUN',
  });
  expect(res.status).toBe(200);
  const body = await json<ListResponse<ResourceResponse>>(res);
  const [created] = body.results;
  expect(body).toMatchObject({
    count: 1,
    results: [{ id: expect.any(String), url: expect.stringContaining('/plan/jobstream/') }],
  });
  const stream = await t.get<JobStream>(`plan/jobstream/${created?.id ?? ''}`);
  expect(stream).toMatchObject({
    name: 'DAILY_START_RERUN',
    originalJobStreamName: 'DAILY_START',
    aliasJobStreamName: 'DAILY_START_RERUN',
    submitter: 'resync',
  });
  expect(stream.jobs?.map((j) => [j.name, j.lastRunCompositeStatus.status])).toEqual([
    ['CHECK_FS', 'READY'],
    ['CLEAN_TMP', 'HOLD'],
    ['OPEN_DAY', 'HOLD'],
  ]);
  t.sim.advance(10 * MINUTE);
  expect((await t.get<JobStream>(`plan/jobstream/${created?.id ?? ''}`)).compositeStatus.status).toBe('SUCC');
  const again = await json<ListResponse<ResourceResponse>>(
    await t.post(`plan/jobstream/${modelJobStreamIdOf('DAILY_START')}/submit`),
  );
  expect(again.results[0]?.id).not.toBe(created?.id);
  expect(
    (await t.get<Page<JobStream>>(`plan/jobstream?oql=${encodeURIComponent("name = 'DAILY_START'")}`)).count,
  ).toBe(2);
  expect((await t.post('plan/jobstream/00000000-0000-0000-0000-000000000000/submit')).status).toBe(404);
  expect((await t.post('plan/jobstream/not-a-uuid/submit')).status).toBe(400);
});

test('model endpoints: lists, by id, Only-Header, 400 on a non-UUID id, 404 on unknown', async () => {
  const defs = await t.get<Page<ModelObject>>('model/jobdefinition');
  expect(defs.count).toBe(44);
  const def = await t.get<ModelObject>(
    `model/jobdefinition/${jobDefinitionIdOf('ETL_SALES', 'LOAD_DW_SALES')}`,
  );
  expect(def).toMatchObject({
    kind: 'JobDefinition',
    key: '/POOL_ETL#/LOAD_DW_SALES',
    def: {
      name: 'LOAD_DW_SALES',
      workstation: 'POOL_ETL',
      type: 'UNIX',
      task: { unix: { taskString: '/opt/hwa/scripts/load_dw_sales.sh', userName: 'etlsvc' } },
      recovery: { action: 'STOP' },
    },
  });
  const js = await t.get<ModelObject<ModelJobStreamDef>>(
    `model/jobstream/${modelJobStreamIdOf('ETL_SALES')}`,
  );
  expect(js.def.jobs?.find((j) => j.name === 'TRANSFORM_SALES')?.internalPredecessors).toEqual([
    { jobName: 'EXTRACT_ORDERS' },
    { jobName: 'EXTRACT_CUSTOMERS' },
  ]);
  expect(js.def.externalPredecessors).toEqual([
    { workstation: 'MASTER', jobStream: 'DAILY_START', jobName: 'OPEN_DAY' },
  ]);
  const fin = await t.get<ModelObject<ModelJobStreamDef>>(
    `model/jobstream/${modelJobStreamIdOf('FIN_CLOSE')}`,
  );
  expect(fin.def.jobs?.[0]?.externalPredecessors).toEqual([
    { workstation: 'POOL_ETL', jobStream: 'ETL_SALES', jobName: 'LOAD_DW_SALES' },
  ]);
  const header = await t.get<ModelObject<ModelJobStreamDef>>(
    `model/jobstream/${modelJobStreamIdOf('ETL_SALES')}`,
    { 'Only-Header': 'true' },
  );
  expect(header.def.jobs).toBeUndefined();
  const pool = await t.get<ModelObject<{ members?: Array<{ workstation: string }> }>>(
    `model/workstation/${modelWorkstationIdOf('POOL_ETL')}`,
  );
  expect(pool.def.members?.map((m) => m.workstation)).toEqual(['AGT_LNX01', 'AGT_LNX02']);
  expect((await t.get<Page<ModelObject>>('model/workstation')).count).toBe(7);
  expect((await t.get<Page<ModelObject>>('model/jobstream')).count).toBe(9);
  expect((await t.fetch('model/jobdefinition/LOAD_DW_SALES')).status).toBe(400);
  expect((await t.fetch('model/jobdefinition/00000000-0000-0000-0000-000000000000')).status).toBe(404);
  await adHoc({ workstationKey: 'MASTER', alias: 'NOT_IN_MODEL', task });
  expect((await t.get<Page<ModelObject>>('model/jobdefinition')).count).toBe(44);
});
