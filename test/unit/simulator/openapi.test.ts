// Conformance: every endpoint the simulator serves is walked and each 2xx body is validated against
// HCL's schema for that operation (vendored from /work/shared/hwa/openapi-v2.json, checked for drift).
import { existsSync, readFileSync } from 'node:fs';
import { Router } from '../../../simulator/http/router.js';
import { extractSubset } from '../../../simulator/openapi/extract.js';
import { API_ROUTES } from '../../../simulator/simulator.js';
import {
  DATASET_IDS,
  jobIdOf,
  jobStreamIdOf,
  modelJobStreamIdOf,
  jobDefinitionIdOf,
  runIdOf,
} from '../../../simulator/index.js';
import { createValidator, loadSubset, SOURCE_SPEC_PATH } from './support/openapi.js';
import { MINUTE, startTestSim, type TestSim } from './support/sim.js';
import type { Job, JobStream, ModelObject, Page, Workstation } from './support/wire.js';

const router = new Router(API_ROUTES);
const validator = createValidator();
const exercised = new Set<string>();
let t: TestSim;

beforeAll(async () => {
  t = await startTestSim();
});
afterAll(async () => {
  await t.sim.stop();
});

interface Call {
  method?: 'GET' | 'PUT' | 'POST';
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  status?: number;
}

async function check<T = unknown>({ method = 'GET', path, body, headers, status = 200 }: Call): Promise<T> {
  const res =
    method === 'GET'
      ? await t.fetch(path, headers ? { headers } : {})
      : method === 'PUT'
        ? await t.put(path, body, headers)
        : await t.post(path, body, headers);
  const text = await res.text();
  if (res.status !== status)
    throw new Error(`${method} ${path} → ${res.status} (expected ${status}): ${text}`);
  const relative = new URL(`${t.api}/${path}`).pathname.slice('/twsd/api/v2/'.length);
  const template = router.match(method, relative).route.path;
  exercised.add(`${method} ${template}`);
  const isJson = (res.headers.get('content-type') ?? '').startsWith('application/json');
  const payload: unknown = isJson ? JSON.parse(text) : text;
  const errors = validator.validate(method, template, status, payload);
  if (errors.length)
    throw new Error(
      `${method} ${path} does not match ${validator.schemaName(method, template, status)}:\n${errors.join('\n')}`,
    );
  return payload as T;
}

const jobIds = Object.values(DATASET_IDS.jobs);
const streamIds = Object.values(DATASET_IDS.jobStreams);

async function walkReads(): Promise<void> {
  await check({ path: 'engine/info' });
  const list = await check<Page<Job>>({ path: 'plan/job' });
  expect(list.count).toBeGreaterThanOrEqual(44);
  await check({ path: 'plan/job?limit=5&offset=5' });
  await check({ path: `plan/job?oql=${encodeURIComponent("status = 'ABEND' ORDER BY name DESC")}` });
  await check({
    path: 'plan/job',
    headers: { scope: 'WHOLE_NO_JOB_DEFINITIONS_AND_NO_DEPENDENCIES', 'Include-Count': 'false' },
  });
  await check({ path: 'plan/job/count' });
  await check({ path: 'plan/job/count?grouping_filters=status,workstation' });
  for (const id of list.results.map((j) => j.id)) {
    const job = await check<Job>({ path: `plan/job/${id}` });
    await check({ path: `plan/job/${id}/predecessors?depth=3` });
    await check({ path: `plan/job/${id}/successors?depth=3` });
    for (const run of job.jobruns) {
      if (run.timeInfo?.actualStartTime) await check({ path: `plan/job/run/${run.id}/joblog` });
    }
  }
  await check({
    path: `plan/job/joblog?oql=${encodeURIComponent("name = 'LOAD_DW_SALES'")}&contentOnly=true`,
  });
  const streams = await check<Page<JobStream>>({ path: 'plan/jobstream' });
  for (const s of streams.results) {
    await check({ path: `plan/jobstream/${s.id}` });
    await check({ path: `plan/jobstream/${s.id}/predecessors?depth=2` });
    await check({ path: `plan/jobstream/${s.id}/successors?depth=2` });
  }
  await check({ path: 'plan/jobstream/count?grouping_filters=status' });
  const workstations = await check<Page<Workstation>>({ path: 'plan/workstation' });
  for (const w of workstations.results) await check({ path: `plan/workstation/${w.id}` });
  for (const kind of ['jobdefinition', 'jobstream', 'workstation']) {
    const models = await check<Page<ModelObject>>({ path: `model/${kind}` });
    await check({ path: `model/${kind}`, headers: { 'Only-Header': 'true' } });
    for (const m of models.results) await check({ path: `model/${kind}/${m.def.id}` });
  }
}

test('the vendored subset is exactly what HCL’s spec holds for the served operations', () => {
  const vendored = loadSubset();
  if (existsSync(SOURCE_SPEC_PATH)) {
    const source = JSON.parse(readFileSync(SOURCE_SPEC_PATH, 'utf8'));
    expect(extractSubset(source, API_ROUTES)).toEqual(vendored);
  }
  const paths = vendored['paths'] as Record<string, Record<string, unknown> | undefined>;
  for (const r of API_ROUTES) expect(paths[`/twsd/api/v2/${r.path}`]?.[r.method.toLowerCase()]).toBeDefined();
});

test('every response of every endpoint matches HCL’s schema (before and after the plan moves)', async () => {
  await walkReads();
  const j = (s: string, n: string): string => `plan/job/${jobIdOf(s, n)}/action`;
  await check({ method: 'PUT', path: `${j('BILLING_DAILY', 'POST_LEDGER')}/hold` });
  await check({ method: 'PUT', path: `${j('BILLING_DAILY', 'POST_LEDGER')}/release` });
  await check({ method: 'PUT', path: `${j('FIN_CLOSE', 'FC_FX_RATES')}/update-priority?priority=50` });
  await check({ method: 'PUT', path: `${j('MONTHEND_PREP', 'ME_CONFIRM_INPUTS')}/release-all-dependencies` });
  await check({ method: 'PUT', path: `${j('BILLING_DAILY', 'GEN_INVOICES')}/kill` });
  await check({
    method: 'PUT',
    path: `${j('REPORTS_MORNING', 'RPT_STOCK')}/confirm-succ`,
    body: { conditions: [] },
  });
  await check({ method: 'PUT', path: `${j('DAILY_START', 'OPEN_DAY')}/confirm-abend` });
  await check({ method: 'PUT', path: `${j('DAILY_START', 'OPEN_DAY')}/confirm-succ` });
  await check({ method: 'PUT', path: `${j('HR_PAYROLL', 'PAY_BANK_FILE')}/cancel` });
  await check({
    method: 'PUT',
    path: `plan/job/run/${runIdOf('ETL_SALES', 'LOAD_DW_SALES')}/action/rerun`,
    body: {},
  });
  const filter = (action: string, oql: string): Call => ({
    method: 'PUT',
    path: `plan/job/action/${action}?oql=${encodeURIComponent(oql)}&max_object_affected=5`,
  });
  await check(filter('hold', "name = 'PAY_GEN_SLIPS'"));
  await check(filter('release', "name = 'PAY_GEN_SLIPS'"));
  await check(filter('cancel', "name = 'PAY_GEN_SLIPS'"));
  await check(filter('release-all-dependencies', "name = 'PAY_CALC_NET'"));
  await check(filter('confirm-abend', "name = 'RPT_OPS'"));
  await check(filter('confirm-succ', "name = 'RPT_OPS'"));
  await check(filter('rerun', "name = 'RPT_OPS'"));
  await check(filter('kill', "name = 'RPT_OPS'"));
  await check({
    method: 'POST',
    path: 'plan/job/submit-ad-hoc-job',
    body: {
      workstationKey: 'AGT_LNX01',
      alias: 'ADHOC_LS',
      task: { UNIX: { taskString: 'ls -l /tmp', userName: 'twsuser', isCommand: 'true' } },
    },
  });
  await check({
    method: 'POST',
    path: `plan/job/${jobDefinitionIdOf('BACKUP_DB', 'NOTIFY_DBA')}/submit`,
    body: { alias: 'NOTIFY_DBA_AGAIN' },
  });
  await check({
    method: 'POST',
    path: `plan/jobstream/${modelJobStreamIdOf('DAILY_START')}/submit`,
    body: { alias: 'DAILY_START_2' },
  });
  t.sim.advance(3 * 60 * MINUTE);
  await walkReads();
  const missing = API_ROUTES.map((r) => `${r.method} ${r.path}`).filter((k) => !exercised.has(k));
  expect(missing).toEqual([]);
  expect(jobIds.length).toBe(44);
  expect(streamIds).toContain(jobStreamIdOf('ETL_SALES'));
}, 60_000);

test('the validator is strict: invented flat fields, wrong enums and wrong dependency shapes fail', () => {
  const job = {
    flowNodeType: 'JOB',
    id: 'x',
    name: 'A',
    lastRunCompositeStatus: { status: 'ABEND' },
    lastRunCommonStatus: 'ERROR',
  };
  expect(validator.validate('GET', 'plan/job/{job_id}', 200, job)).toEqual([]);
  expect(validator.validate('GET', 'plan/job/{job_id}', 200, { ...job, status: 'ABEND' })).not.toEqual([]);
  expect(validator.validate('GET', 'plan/job/{job_id}', 200, { ...job, returnCode: 12 })).not.toEqual([]);
  expect(
    validator.validate('GET', 'plan/job/{job_id}', 200, { ...job, lastRunCommonStatus: 'FAILED' }),
  ).not.toEqual([]);
  const internal = {
    dependencyType: 'INTERNAL',
    jobId: '7f0c2b9e-1c3d-5e4f-8a9b-0c1d2e3f4a5b',
    jobName: 'A',
  };
  expect(validator.validate('GET', 'plan/job/{job_id}', 200, { ...job, dependencies: [internal] })).toEqual(
    [],
  );
  // jobStreamId exists on EXTERNAL_JOB but not on INTERNAL: the discriminator must pick the INTERNAL branch.
  expect(
    validator.validate('GET', 'plan/job/{job_id}', 200, {
      ...job,
      dependencies: [{ ...internal, jobStreamId: 'y' }],
    }),
  ).not.toEqual([]);
  expect(
    validator.validate('GET', 'plan/job/{job_id}', 200, {
      ...job,
      dependencies: [{ dependencyType: 'INTERNAL' }],
    }),
  ).not.toEqual([]);
  expect(
    validator.validate('GET', 'plan/job/{job_id}/successors', 200, {
      count: 1,
      results: [{ ...job, flowNodeType: 'JOBSTREAM' }],
    }),
  ).not.toEqual([]);
});
