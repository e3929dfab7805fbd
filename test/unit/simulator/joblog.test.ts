// Job logs: text/plain by run id, header/body/footer, contentOnly, 1-based from_line/to_line, 404s.
import { runIdOf } from '../../../simulator/index.js';
import { json, startTestSim, type TestSim } from './support/sim.js';
import type { ErrorBody } from './support/wire.js';

let t: TestSim;
const LOAD_RUN = runIdOf('ETL_SALES', 'LOAD_DW_SALES');
const log = async (query = '', runId = LOAD_RUN): Promise<Response> =>
  t.fetch(`plan/job/run/${runId}/joblog${query}`, { headers: { Accept: 'text/plain' } });

beforeAll(async () => {
  t = await startTestSim();
});
afterAll(() => t.sim.stop());

test('LOAD_DW_SALES: ~25 lines, conman header, ORA-01653, exit 12 footer, text/plain utf-8', async () => {
  const res = await log();
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
  const text = await res.text();
  const lines = text.trimEnd().split('\n');
  expect(lines.length).toBeGreaterThanOrEqual(24);
  expect(lines.length).toBeLessThanOrEqual(30);
  expect(lines[1]).toMatch(
    /^= JOB\s+: AGT_LNX02#ETL_SALES\[\(0005 03\/09\/26\),\(0A{10}[0-9A-F]{5}\)\]\.LOAD_DW_SALES$/,
  );
  expect(text).toContain('= USER      : etlsvc');
  expect(text).toContain('ERROR: ORA-01653 unable to extend table DW.SALES_FACT');
  expect(text).toContain('load_dw_sales.sh: exit 12');
  expect(text).toMatch(/Exit Status\s+: 12/);
});

test('contentOnly=true returns only the application output', async () => {
  const text = await (await log('?contentOnly=true')).text();
  expect(text).not.toContain('= JOB');
  expect(text).not.toContain('Exit Status');
  expect(text.trimEnd().split('\n')).toHaveLength(15);
  expect(text.trimEnd().split('\n').at(-1)).toBe('load_dw_sales.sh: exit 12');
});

test('from_line/to_line slice 1-based and inclusive; out-of-range slices are empty', async () => {
  const full = (await (await log()).text()).trimEnd().split('\n');
  expect(await (await log('?from_line=2&to_line=3')).text()).toBe(`${full[1]}\n${full[2]}\n`);
  expect(await (await log('?from_line=1&to_line=1')).text()).toBe(`${full[0]}\n`);
  expect(await (await log(`?from_line=${full.length}`)).text()).toBe(`${full.at(-1)}\n`);
  expect(await (await log('?from_line=500')).text()).toBe('');
  expect(await (await log('?contentOnly=true&from_line=10&to_line=10')).text()).toBe(
    'ERROR: ORA-01653 unable to extend table DW.SALES_FACT by 8192 in tablespace DW_DATA\n',
  );
  expect((await log('?from_line=0')).status).toBe(400);
  expect((await log('?contentOnly=maybe')).status).toBe(400);
});

test('other runs have short synthetic logs; the running job has no footer yet', async () => {
  const ok = await (await log('', runIdOf('DAILY_START', 'OPEN_DAY'))).text();
  expect(ok).toMatch(/Exit Status\s+: 0/);
  const verify1 = await (await log('', runIdOf('BACKUP_DB', 'VERIFY_BACKUP', 1))).text();
  expect(verify1).toMatch(/Exit Status\s+: 4/);
  const verify2 = await (await log('', runIdOf('BACKUP_DB', 'VERIFY_BACKUP', 2))).text();
  expect(verify2).toMatch(/run attempt 2/);
  const running = await (await log('', runIdOf('BILLING_DAILY', 'GEN_INVOICES'))).text();
  expect(running).not.toContain('Exit Status');
  expect(running).toContain('still running');
});

test('404 for an unknown run, and for a run that never started', async () => {
  const unknown = await log('', '00000000-0000-0000-0000-000000000000');
  expect(unknown.status).toBe(404);
  expect((await json<ErrorBody>(unknown)).code).toBe('NOT_FOUND');
  const notStarted = await log('', runIdOf('ETL_SALES', 'BUILD_SALES_CUBE'));
  expect(notStarted.status).toBe(404);
  expect((await json<ErrorBody>(notStarted)).code).toBe('JOBLOG_NOT_AVAILABLE');
});

test('GET plan/job/joblog by filter serves the last run of the first match', async () => {
  const res = await t.fetch(`plan/job/joblog?oql=${encodeURIComponent("name = 'VERIFY_BACKUP'")}`);
  expect(await res.text()).toMatch(/run attempt 2/);
  expect((await t.fetch(`plan/job/joblog?oql=${encodeURIComponent("name = 'NOPE'")}`)).status).toBe(404);
  expect((await t.fetch('plan/job/joblog')).status).toBe(400);
});
