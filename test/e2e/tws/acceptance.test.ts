// Issue 3's acceptance, through the gateway with real HTTP and graphql-ws, on the whole stack
// (simulator as HWA, shared Redis). The simulator's clock is fixed so the plan holds still.
import { jobIdOf, jobStreamIdOf } from '../../../simulator/index.js';
import { collect } from '../../harness/client.js';
import { startTestStack, type TestStack } from '../../harness/stack.js';

jest.setTimeout(30_000);

const POLL_MS = 2000;
const LOAD = jobIdOf('ETL_SALES', 'LOAD_DW_SALES');
const WAITING_JOB = jobIdOf('FIN_CLOSE', 'FC_IMPORT_SALES');
const RUNNING_JOB = jobIdOf('BILLING_DAILY', 'GEN_INVOICES');

interface JobNode {
  id: string;
  name: string;
  status: string;
  internalStatus: string;
  returnCode: number | null;
  jobStream: { name: string };
}

describe('tws through the gateway', () => {
  let t: TestStack;
  beforeAll(async () => {
    t = await startTestStack({
      env: { TWS_POLL_INTERVAL_MS: String(POLL_MS) },
      simulator: { clock: { mode: 'manual', now: new Date('2026-03-09T15:00:00Z') } },
    });
  });
  afterAll(() => t.stop());

  it('lists the failed jobs for a viewer: LOAD_DW_SALES (ABEND, 12) and the other failure', async () => {
    const res = await t.query<{ jobs: { totalCount: number; edges: Array<{ node: JobNode }> } }>(
      '{ jobs(filter: {status: [ERROR]}) { totalCount edges { node { name internalStatus returnCode jobStream { name } } } } }',
      { role: 'viewer' },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.jobs.totalCount).toBe(2);
    expect(res.data!.jobs.edges.map((e) => e.node)).toEqual([
      { name: 'LOAD_DW_SALES', internalStatus: 'ABEND', returnCode: 12, jobStream: { name: 'ETL_SALES' } },
      { name: 'RPT_STOCK', internalStatus: 'FAIL', returnCode: null, jobStream: { name: 'REPORTS_MORNING' } },
    ]);
  });

  it('shows the error line in the tail of the ABEND’s log', async () => {
    const res = await t.query<{ job: { log: string } }>(`{ job(id: "${LOAD}") { log(tail: 20) } }`, {
      role: 'viewer',
    });
    expect(res.errors).toBeUndefined();
    const lines = res.data!.job.log.split('\n');
    expect(lines).toHaveLength(20);
    expect(lines.some((l) => l.includes('ORA-01653 unable to extend table DW.SALES_FACT'))).toBe(true);
    expect(lines.at(-1)).toMatch(/^=+$/); // the tail ends with HWA's footer
  });

  it('pages through the plan with cursors', async () => {
    const page = (after?: string) =>
      t.query<{
        jobs: {
          totalCount: number;
          pageInfo: { hasNextPage: boolean; endCursor: string };
          edges: Array<{ node: { id: string } }>;
        };
      }>(
        `query ($after: String) { jobs(first: 20, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }`,
        { role: 'viewer', variables: after ? { after } : {} },
      );
    const ids: string[] = [];
    let after: string | undefined;
    for (let i = 0; i < 5; i++) {
      const res = await page(after);
      ids.push(...res.data!.jobs.edges.map((e) => e.node.id));
      if (!res.data!.jobs.pageInfo.hasNextPage) break;
      after = res.data!.jobs.pageInfo.endCursor;
    }
    expect(ids).toHaveLength(44);
    expect(new Set(ids).size).toBe(44);
  });

  it('answers planSummary, jobStreams, jobStream with its jobs, and workstations', async () => {
    const res = await t.query<{
      planSummary: { total: number; byStatus: Array<{ status: string; count: number }> };
      jobStreams: { totalCount: number };
      jobStream: {
        name: string;
        status: string;
        stats: { total: number; abended: number };
        jobs: Array<{ name: string }>;
        workstation: { name: string };
      };
      workstations: Array<{ name: string; linked: boolean }>;
    }>(
      `{ planSummary { total byStatus { status count } }
         jobStreams(filter: {status: [ERROR]}) { totalCount }
         jobStream(id: "${jobStreamIdOf('ETL_SALES')}") { name status stats { total abended } jobs { name } workstation { name } }
         workstations { name linked } }`,
      { role: 'viewer' },
    );
    expect(res.errors).toBeUndefined();
    const { planSummary, jobStream, workstations } = res.data!;
    expect(planSummary.total).toBe(44);
    expect(planSummary.byStatus.reduce((sum, s) => sum + s.count, 0)).toBe(44);
    expect(planSummary.byStatus.find((s) => s.status === 'ERROR')!.count).toBe(2);
    expect(res.data!.jobStreams.totalCount).toBeGreaterThanOrEqual(1);
    expect(jobStream).toMatchObject({
      name: 'ETL_SALES',
      status: 'ERROR',
      stats: { total: 8, abended: 1 },
      workstation: { name: 'POOL_ETL' },
    });
    expect(jobStream.jobs.map((j) => j.name)).toContain('LOAD_DW_SALES');
    expect(workstations.find((w) => w.name === 'FTA_AIX01')).toEqual({ name: 'FTA_AIX01', linked: false });
  });

  it('holds and releases as operator, visible in the next read, with HWA’s Justification headers', async () => {
    const hold = await t.query<{ holdJob: { status: string; priority: number } }>(
      `mutation { holdJob(id: "${WAITING_JOB}", reason: "Aguardando correção do ETL", ticket: "INC-1234") { status priority } }`,
      { token: await t.token('operator', 'alice') },
    );
    expect(hold.errors).toBeUndefined();
    expect(hold.data!.holdJob).toEqual({ status: 'HELD', priority: 0 });
    const read = () =>
      t.query<{ job: { status: string } }>(`{ job(id: "${WAITING_JOB}") { status } }`, { role: 'viewer' });
    expect((await read()).data!.job.status).toBe('HELD');

    const release = await t.query<{ releaseJob: { status: string } }>(
      `mutation { releaseJob(id: "${WAITING_JOB}") { status } }`,
      { role: 'operator' },
    );
    expect(release.data!.releaseJob.status).toBe('WAITING');
    expect((await read()).data!.job.status).toBe('WAITING');

    const actions = t.stack.simulator!.actions().filter((a) => a.jobId === WAITING_JOB);
    expect(actions.map((a) => [a.action, a.status])).toEqual([
      ['hold', 200],
      ['release', 200],
    ]);
    expect(actions[0]!.justification).toEqual({
      category: 'resync:alice',
      description: 'Aguardando correcao do ETL',
      ticketNumber: 'INC-1234',
    });
    expect(actions[1]!.justification.category).toBe('resync:operator-user');
    expect(actions[1]!.justification.ticketNumber).toMatch(/\S+/);
  });

  it('refuses holdJob for a viewer with FORBIDDEN, and HWA never hears of it', async () => {
    const before = t.stack.simulator!.actions().length;
    const res = await t.query(`mutation { holdJob(id: "${WAITING_JOB}") { status } }`, { role: 'viewer' });
    expect(res.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    expect(t.stack.simulator!.actions()).toHaveLength(before);
  });

  it('refuses an invalid transition with BAD_USER_INPUT and a clear message (rerun of a running job)', async () => {
    const res = await t.query(`mutation { rerunJob(id: "${RUNNING_JOB}") { status } }`, { role: 'operator' });
    expect(res.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toBe(
      'Cannot rerun job GEN_INVOICES: it is RUNNING (EXEC); only finished jobs (SUCCESSFUL, ERROR, CANCELED) can be rerun.',
    );
  });

  it('reruns the ABEND: a new run, the job on its way again', async () => {
    const res = await t.query<{
      rerunJob: {
        status: string;
        runs: Array<{ attempt: number; status: string; lastInRerunChain: boolean }>;
      };
    }>(
      `mutation { rerunJob(id: "${LOAD}", reason: "tablespace extended") { status runs { attempt status lastInRerunChain } } }`,
      { role: 'operator' },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.rerunJob.status).not.toBe('ERROR');
    expect(res.data!.rerunJob.runs.map((r) => [r.attempt, r.lastInRerunChain])).toEqual([
      [1, false],
      [2, true],
    ]);
  });

  it('answers NOT_FOUND for an unknown job and BAD_USER_INPUT for a bad filter', async () => {
    const missing = await t.query('{ job(id: "no-such-job") { name } }', { role: 'viewer' });
    expect(missing.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
    const bad = await t.query('{ jobs(filter: {name: "x\' OR 1=1"}) { totalCount } }', { role: 'viewer' });
    expect(bad.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
  });

  it('streams jobStatusChanged through the gateway within two poll intervals of a hold', async () => {
    const client = await t.ws('viewer');
    try {
      const events = await collect<{
        jobStatusChanged: { job: { id: string; name: string }; previousStatus: string; status: string };
      }>(
        client,
        `subscription { jobStatusChanged(filter: {jobIds: ["${WAITING_JOB}"]}) { job { id name } previousStatus status } }`,
        {
          timeoutMs: 2 * POLL_MS + 1000,
          until: (all) => all.length >= 1,
          onSubscribed: async () => {
            await new Promise((r) => setTimeout(r, 300));
            await t.query(`mutation { holdJob(id: "${WAITING_JOB}") { status } }`, { role: 'operator' });
          },
        },
      );
      expect(events).toHaveLength(1);
      expect(events[0]!.data!.jobStatusChanged).toEqual({
        job: { id: WAITING_JOB, name: 'FC_IMPORT_SALES' },
        previousStatus: 'WAITING',
        status: 'HELD',
      });
    } finally {
      await client.dispose();
      await t.query(`mutation { releaseJob(id: "${WAITING_JOB}") { status } }`, { role: 'operator' });
    }
  });
});
