// Job actions at the spec's exact paths: valid transitions, invalid ones (400), 415 without JSON
// content type, 404, audit headers in the action log, and actions by filter.
import { jobIdOf } from '../../../simulator/index.js';
import { json, MINUTE, startTestSim, type TestSim } from './support/sim.js';
import type { ActionRecord } from '../../../simulator/index.js';
import type { ErrorBody, FilterActionResponse, Job, ResourceResponse } from './support/wire.js';

let t: TestSim;
beforeEach(async () => {
  t = await startTestSim();
});
afterEach(() => t.sim.stop());

const action = (
  stream: string,
  job: string,
  name: string,
  body?: unknown,
  headers?: Record<string, string>,
): Promise<Response> => t.put(`plan/job/${jobIdOf(stream, job)}/action/${name}`, body, headers);
const job = (stream: string, name: string): Promise<Job> => t.get<Job>(`plan/job/${jobIdOf(stream, name)}`);
const status = async (stream: string, name: string): Promise<string> => {
  const j = await job(stream, name);
  return [j.lastRunCompositeStatus.status, j.lastRunCompositeStatus.substatus].filter(Boolean).join('/');
};

async function expect400(res: Response, fragment: RegExp): Promise<void> {
  expect(res.status).toBe(400);
  const body = await json<ErrorBody>(res);
  expect(body).toMatchObject({ code: 'INVALID_ACTION', exceptionName: expect.any(String) });
  expect(body.messages[0]).toMatch(/^AWS\w+E /);
  expect(body.messages[0]).toMatch(fragment);
}

test('hold → HELD (priority 0), release → back to waiting with origPriority; twice is 400', async () => {
  const res = await action('BILLING_DAILY', 'POST_LEDGER', 'hold');
  expect(res.status).toBe(200);
  expect(await json<ResourceResponse>(res)).toEqual({
    id: jobIdOf('BILLING_DAILY', 'POST_LEDGER'),
    url: expect.stringMatching(/\/twsd\/api\/v2\/plan\/job\/[0-9a-f-]{36}$/),
  });
  const held = await job('BILLING_DAILY', 'POST_LEDGER');
  expect([
    held.lastRunCompositeStatus.substatus,
    held.lastRunCommonStatus,
    held.priority,
    held.origPriority,
  ]).toEqual(['HOLD_PRIORITY_ZERO', 'HELD', 0, 10]);
  await expect400(await action('BILLING_DAILY', 'POST_LEDGER', 'hold'), /already held/);
  expect((await action('BILLING_DAILY', 'POST_LEDGER', 'release')).status).toBe(200);
  expect(await status('BILLING_DAILY', 'POST_LEDGER')).toBe('HOLD/HOLD_WAITING_FOR_PREDECESSOR');
  await expect400(await action('BILLING_DAILY', 'POST_LEDGER', 'release'), /not held/);
});

test('held jobs released by the operator run; holding running or finished jobs is refused', async () => {
  expect((await action('MONTHEND_PREP', 'ME_FREEZE_LEDGER', 'release')).status).toBe(200);
  expect(await status('MONTHEND_PREP', 'ME_FREEZE_LEDGER')).toBe('READY');
  t.sim.advance(1000);
  expect(await status('MONTHEND_PREP', 'ME_FREEZE_LEDGER')).toBe('EXEC');
  await expect400(await action('MONTHEND_PREP', 'ME_FREEZE_LEDGER', 'hold'), /EXEC state/);
  await expect400(await action('DAILY_START', 'OPEN_DAY', 'hold'), /SUCC state/);
});

test('cancel: waiting or failed jobs become CANCL and release their successors; running/succ refused', async () => {
  expect((await action('ETL_SALES', 'LOAD_DW_SALES', 'cancel')).status).toBe(200);
  const load = await job('ETL_SALES', 'LOAD_DW_SALES');
  expect([
    load.lastRunCompositeStatus.status,
    load.lastRunCompositeStatus.canceled,
    load.lastRunCommonStatus,
  ]).toEqual(['CANCL', true, 'CANCELED']);
  expect(await status('ETL_SALES', 'BUILD_SALES_CUBE')).toBe('READY');
  await expect400(await action('ETL_SALES', 'LOAD_DW_SALES', 'cancel'), /CANCL state/);
  await expect400(await action('BILLING_DAILY', 'GEN_INVOICES', 'cancel'), /running/);
  await expect400(await action('DAILY_START', 'CHECK_FS', 'cancel'), /SUCC state/);
});

test('kill: only a running job, which ends ABEND without a return code', async () => {
  await expect400(await action('ETL_SALES', 'LOAD_DW_SALES', 'kill'), /not running/);
  expect((await action('BILLING_DAILY', 'GEN_INVOICES', 'kill')).status).toBe(200);
  const gen = await job('BILLING_DAILY', 'GEN_INVOICES');
  expect(gen.lastRunCompositeStatus.status).toBe('ABEND');
  expect(gen.jobruns[0]?.returnCode).toBeUndefined();
  expect(gen.jobruns[0]?.timeInfo.actualEndTime).toBeDefined();
  expect(await status('BILLING_DAILY', 'SEND_INVOICES')).toBe('HOLD/HOLD_WAITING_FOR_PREDECESSOR');
});

test('confirm SUCC on ABEND releases successors (also cross-stream); confirm twice is 400', async () => {
  const res = await action('ETL_SALES', 'LOAD_DW_SALES', 'confirm-succ', { conditions: ['DATA_LOADED'] });
  expect(res.status).toBe(200);
  const load = await job('ETL_SALES', 'LOAD_DW_SALES');
  expect(load.lastRunCompositeStatus.status).toBe('SUCC');
  expect(load.jobruns[0]).toMatchObject({ confirmed: true, returnCode: 12 });
  expect(load.jobruns[0]?.outputConditions).toContainEqual(
    expect.objectContaining({ conditionName: 'DATA_LOADED', isSatisfied: true }),
  );
  expect(await status('FIN_CLOSE', 'FC_IMPORT_SALES')).toBe('READY');
  await expect400(await action('ETL_SALES', 'LOAD_DW_SALES', 'confirm-succ'), /SUCC state/);
});

test('confirm ABEND on SUCC, and on a running job (ABENP, ends ABEND when it finishes)', async () => {
  expect((await action('DAILY_START', 'OPEN_DAY', 'confirm-abend')).status).toBe(200);
  expect(await status('DAILY_START', 'OPEN_DAY')).toBe('ABEND');
  await expect400(await action('DAILY_START', 'OPEN_DAY', 'confirm-abend'), /ABEND state/);
  expect((await action('BILLING_DAILY', 'GEN_INVOICES', 'confirm-abend')).status).toBe(200);
  expect(await status('BILLING_DAILY', 'GEN_INVOICES')).toBe('ABENP');
  t.sim.advance(31 * MINUTE);
  expect(await status('BILLING_DAILY', 'GEN_INVOICES')).toBe('ABEND');
  const bad = await action('ETL_SALES', 'LOAD_DW_SALES', 'confirm-succ', { conditions: 'yes' });
  expect(bad.status).toBe(400);
});

test('release-all-dependencies answers the prompt dependency; update-priority lifts the fence', async () => {
  const res = await action('MONTHEND_PREP', 'ME_CONFIRM_INPUTS', 'release-all-dependencies');
  expect(await json<ResourceResponse>(res)).toMatchObject({
    id: jobIdOf('MONTHEND_PREP', 'ME_CONFIRM_INPUTS'),
    isError: false,
  });
  expect(await status('MONTHEND_PREP', 'ME_CONFIRM_INPUTS')).toBe('READY');
  await expect400(
    await action('MONTHEND_PREP', 'ME_CONFIRM_INPUTS', 'release-all-dependencies'),
    /no dependencies/,
  );
  expect((await action('FIN_CLOSE', 'FC_FX_RATES', 'update-priority', undefined)).status).toBe(400);
  expect(
    (await t.put(`plan/job/${jobIdOf('FIN_CLOSE', 'FC_FX_RATES')}/action/update-priority?priority=31`))
      .status,
  ).toBe(200);
  expect(await status('FIN_CLOSE', 'FC_FX_RATES')).toBe('READY');
  expect(
    (await t.put(`plan/job/${jobIdOf('FIN_CLOSE', 'FC_FX_RATES')}/action/update-priority?priority=500`))
      .status,
  ).toBe(400);
});

test('415 when a body is sent without Content-Type: application/json; 400 on malformed JSON; 404 on unknown job', async () => {
  const url = `plan/job/${jobIdOf('BILLING_DAILY', 'POST_LEDGER')}/action/hold`;
  const noType = await t.fetch(url, { method: 'PUT', body: '{}', headers: { 'Content-Type': 'text/plain' } });
  expect(noType.status).toBe(415);
  expect((await json<ErrorBody>(noType)).code).toBe('UNSUPPORTED_MEDIA_TYPE');
  const missingType = await t.fetch(url, { method: 'PUT', body: new Uint8Array(Buffer.from('{}')) });
  expect(missingType.status).toBe(415);
  const broken = await t.fetch(url, {
    method: 'PUT',
    body: '{"a":',
    headers: { 'Content-Type': 'application/json' },
  });
  expect(broken.status).toBe(400);
  expect((await t.put(url, {})).status).toBe(200);
  const unknown = await t.put('plan/job/00000000-0000-0000-0000-000000000000/action/hold');
  expect(unknown.status).toBe(404);
  expect(await status('BILLING_DAILY', 'POST_LEDGER')).toBe('HOLD/HOLD_PRIORITY_ZERO');
});

test('the action log records every mutating request with justification headers and outcome', async () => {
  await action('BILLING_DAILY', 'POST_LEDGER', 'hold', undefined, {
    'Justification-Category': 'INCIDENT',
    'Justification-Description': 'ledger maintenance',
    'Justification-Ticket-Num': 'INC0012345',
    'Context-Session': 'copilot-42',
  });
  await action('DAILY_START', 'OPEN_DAY', 'kill');
  const log = t.sim.actions();
  expect(log).toHaveLength(2);
  expect(log[0]).toMatchObject({
    method: 'PUT',
    action: 'hold',
    targetId: jobIdOf('BILLING_DAILY', 'POST_LEDGER'),
    jobId: jobIdOf('BILLING_DAILY', 'POST_LEDGER'),
    user: 'resync',
    status: 200,
    justification: { category: 'INCIDENT', description: 'ledger maintenance', ticketNumber: 'INC0012345' },
    contextSession: 'copilot-42',
  });
  expect(log[1]).toMatchObject({
    action: 'kill',
    status: 400,
    message: expect.stringMatching(/not running/),
    justification: {},
  });
  const viaAdmin = await t.get<ActionRecord[]>('/_sim/actions');
  expect(viaAdmin).toHaveLength(2);
  expect(viaAdmin[0]?.at).toBe('2026-03-09T15:00:00.000Z');
});

test('actions by filter: FilterActionResponseV2, max_object_affected guard, per-object failures', async () => {
  const oql = encodeURIComponent("jobStreamName = 'BILLING_DAILY' AND status = 'HOLD'");
  const guarded = await t.put(`plan/job/action/hold?oql=${oql}`);
  expect(guarded.status).toBe(400);
  const res = await t.put(`plan/job/action/hold?oql=${oql}&max_object_affected=10`);
  const body = await json<FilterActionResponse>(res);
  expect(body.successfulResourceResponses).toHaveLength(5);
  expect(body.failedResourceResponses).toEqual([]);
  const again = await json<FilterActionResponse>(
    await t.put(`plan/job/action/hold?oql=${oql}&max_object_affected=10`),
  );
  expect(again.successfulResourceResponses).toHaveLength(0);
  expect(again.failedResourceResponses[0]).toMatchObject({
    isError: true,
    message: expect.stringMatching(/already held/),
  });
  expect((await t.put('plan/job/action/hold')).status).toBe(400);
});
