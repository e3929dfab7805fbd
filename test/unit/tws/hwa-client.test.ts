// The HWA client against the simulator: HCL's shapes, paging, logs, actions with justification,
// retries (reads only), the breaker opening and closing, and translation to our error codes.
import { jobIdOf, runIdOf } from '../../../simulator/index.js';
import { startHwaFixture, type HwaFixture } from './support/hwa.js';

const LOAD = jobIdOf('ETL_SALES', 'LOAD_DW_SALES');
const WHO = { category: 'resync:alice', description: 'test', ticketNumber: 'REQ-1' };

async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('HWA client against the simulator', () => {
  let f: HwaFixture;
  beforeEach(async () => {
    f = await startHwaFixture();
  });
  afterEach(async () => {
    await f.stop();
  });

  it('reads jobs with OQL, in HCL’s shapes (status in lastRunCompositeStatus, rc on the last run)', async () => {
    const page = await f.client.plan.listJobs({ oql: "status = 'ABEND'" });
    expect(page.count).toBe(1);
    const job = page.results![0]!;
    expect(job).toMatchObject({
      id: LOAD,
      name: 'LOAD_DW_SALES',
      jobStreamName: 'ETL_SALES',
      lastRunCompositeStatus: { status: 'ABEND' },
      lastRunCommonStatus: 'ERROR',
    });
    expect(job.jobruns!.at(-1)!.returnCode).toBe(12);
  });

  it('walks every page of the plan', async () => {
    const pages: number[] = [];
    for await (const page of f.client.plan.walkJobs({ pageSize: 10 })) pages.push(page.length);
    expect(pages).toEqual([10, 10, 10, 10, 4]);
    expect(f.sim.stats()['/twsd/api/v2/plan/job']).toBe(5);
  });

  it('counts jobs grouped by status', async () => {
    const counts = await f.client.plan.countJobs(['status']);
    expect(counts.count).toBe(44);
    expect(counts.groupedCount).toMatchObject({ ABEND: 1, EXEC: 1, FAIL: 1 });
  });

  it('reads a job log as text, and keeps its end when it is too long', async () => {
    const full = await f.client.plan.jobLog(runIdOf('ETL_SALES', 'LOAD_DW_SALES'));
    expect(full.truncated).toBe(false);
    expect(full.text).toContain('ORA-01653');
    const tail = await f.client.plan.jobLog(runIdOf('ETL_SALES', 'LOAD_DW_SALES'), { maxBytes: 300 });
    expect(tail.truncated).toBe(true);
    expect(tail.text.length).toBeLessThanOrEqual(300);
    expect(full.text.endsWith(tail.text)).toBe(true);
  });

  it('reads job streams with their jobs and dependencies, workstations and the model', async () => {
    const list = await f.client.plan.listJobStreams({ oql: "name = 'FIN_CLOSE'" });
    const stream = await f.client.plan.getJobStream(list.results![0]!.id!);
    expect(stream.jobs!.map((j) => j.name)).toHaveLength(6);
    const workstations = await f.client.plan.allWorkstations();
    expect(workstations.map((w) => w.name)).toEqual(
      expect.arrayContaining(['MASTER', 'AGT_LNX02', 'FTA_AIX01']),
    );
    const pools = await f.client.model.allWorkstations({ pageSize: 2 });
    expect(pools.find((w) => w.def.name === 'POOL_ETL')!.def.members!.length).toBeGreaterThan(0);
    const job = await f.client.plan.getJob(LOAD);
    const definition = await f.client.model.getJobDefinition(job.jobDefinitionRefId!);
    expect(definition.def.name).toBe('LOAD_DW_SALES');
  });

  it('translates 404 and 400 into NOT_FOUND and BAD_USER_INPUT with HWA’s message', async () => {
    await expect(f.client.plan.getJob('no-such-job')).rejects.toMatchObject({
      message: 'Job no-such-job not found',
      extensions: { code: 'NOT_FOUND' },
    });
    await expect(f.client.plan.listJobs({ oql: 'name ==' })).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', hwaCode: 'OQL_FILTER_SYNTAX_ERROR' },
    });
  });

  it('sends the Justification headers on actions and answers an invalid one with HWA’s reason', async () => {
    const held = jobIdOf('ETL_SALES', 'BUILD_SALES_CUBE');
    await f.client
      .forRequest('req-42')
      .actions.jobAction(held, 'hold', { ...WHO, description: 'Reexecução pedida' });
    await expect(f.client.actions.jobAction(LOAD, 'hold', WHO)).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT' },
      message: expect.stringContaining('cannot be performed'),
    });
    const [first] = f.sim.actions();
    expect(first).toMatchObject({
      action: 'hold',
      status: 200,
      justification: { category: 'resync:alice', description: 'Reexecucao pedida', ticketNumber: 'REQ-1' },
    });
  });

  it('reruns by run id (with a JSON body, so HWA does not answer 415) and gets the new run', async () => {
    const answer = await f.client.actions.rerun(runIdOf('ETL_SALES', 'LOAD_DW_SALES'), WHO);
    expect(answer.id).toBe(runIdOf('ETL_SALES', 'LOAD_DW_SALES', 2));
    const job = await f.client.plan.getJob(LOAD);
    expect(job.jobruns!.at(-1)).toMatchObject({ id: answer.id, lastInRerunChain: true });
  });

  it('retries a read after 429 (honouring Retry-After) and 503, counting the retries', async () => {
    f.sim.setFaults([
      { kind: 'rateLimit', retryAfterSeconds: 0, times: 1, pathPrefix: 'plan/workstation' },
      { kind: 'error', status: 503, times: 1, pathPrefix: 'plan/workstation' },
    ]);
    expect(await f.client.plan.allWorkstations()).toHaveLength(7);
    expect(f.sim.stats()['/twsd/api/v2/plan/workstation']).toBe(3);
    expect(
      await f.metric('resync_hwa_retries_total', { endpoint: 'plan/workstation', reason: 'rate_limited' }),
    ).toBe(1);
    expect(
      await f.metric('resync_hwa_retries_total', { endpoint: 'plan/workstation', reason: 'server_error' }),
    ).toBe(1);
  });

  it('retries a cut body, and fails with UPSTREAM_UNAVAILABLE once the retries are spent', async () => {
    f.sim.setFaults([{ kind: 'malformed', pathPrefix: 'engine/info' }]);
    await expect(f.client.plan.engineInfo()).rejects.toMatchObject({
      extensions: { code: 'UPSTREAM_UNAVAILABLE' },
    });
    expect(f.sim.stats()['/twsd/api/v2/engine/info']).toBe(3);
  });

  it('never retries an action', async () => {
    f.sim.setFaults([{ kind: 'error', status: 503, times: 1, method: 'PUT' }]);
    await expect(
      f.client.actions.jobAction(jobIdOf('ETL_SALES', 'BUILD_SALES_CUBE'), 'hold', WHO),
    ).rejects.toMatchObject({
      extensions: { code: 'UPSTREAM_UNAVAILABLE' },
    });
    expect(f.sim.actions()).toHaveLength(0);
    expect(Object.entries(f.sim.stats()).filter(([path]) => path.includes('/action/'))).toEqual([
      [`/twsd/api/v2/plan/job/${jobIdOf('ETL_SALES', 'BUILD_SALES_CUBE')}/action/hold`, 1],
    ]);
  });

  it('does not trip the breaker on client errors', async () => {
    for (let i = 0; i < 8; i++) await f.client.plan.getJob(`missing-${i}`).catch(() => undefined);
    expect(f.client.breakerState()).toBe('closed');
  });
});

describe('HWA breaker', () => {
  let f: HwaFixture;
  beforeAll(async () => {
    f = await startHwaFixture({
      retry: { retries: 0 },
      breaker: { volumeThreshold: 3, resetTimeoutMs: 200 },
    });
  });
  afterAll(async () => {
    await f.stop();
  });

  it('opens on 5xx, then fails fast without calling HWA, and closes again once HWA recovers', async () => {
    f.sim.setFaults([{ kind: 'error', status: 503 }]);
    for (let i = 0; i < 3; i++) await f.client.plan.listJobs({ limit: 1 }).catch(() => undefined);
    expect(f.client.breakerState()).toBe('open');
    const before = f.sim.stats()['/twsd/api/v2/plan/job'];
    await expect(f.client.plan.listJobs({ limit: 1 })).rejects.toMatchObject({
      extensions: { code: 'UPSTREAM_UNAVAILABLE' },
      message: expect.stringContaining('circuit open'),
    });
    expect(f.sim.stats()['/twsd/api/v2/plan/job']).toBe(before);
    expect(
      await f.metric('resync_hwa_request_duration_seconds', {
        endpoint: 'plan/job',
        outcome: 'breaker_open',
      }),
    ).toBeGreaterThan(0);

    f.sim.setFaults([]);
    await until(() => f.client.breakerState() === 'halfOpen', 'half-open');
    await f.client.ping();
    expect(f.client.breakerState()).toBe('closed');
    expect((await f.client.plan.listJobs({ limit: 1 })).count).toBe(44);
  });
});

describe('HWA client deadlines and credentials', () => {
  it('times out a hung call with UPSTREAM_UNAVAILABLE, without retrying it', async () => {
    const f = await startHwaFixture({ timeoutMs: 150 });
    try {
      f.sim.setFaults([{ kind: 'hang', pathPrefix: 'plan/job' }]);
      await expect(f.client.plan.listJobs()).rejects.toMatchObject({
        extensions: { code: 'UPSTREAM_UNAVAILABLE' },
        message: expect.stringContaining('did not answer in time'),
      });
      expect(f.sim.stats()['/twsd/api/v2/plan/job']).toBe(1);
    } finally {
      await f.stop();
    }
  });

  it('reports refused credentials as our configuration problem, not the caller’s', async () => {
    const f = await startHwaFixture({
      credentials: { kind: 'basic', username: 'resync', password: 'wrong' },
    });
    try {
      await expect(f.client.plan.listJobs()).rejects.toMatchObject({
        extensions: { code: 'UPSTREAM_UNAVAILABLE' },
        message: 'HWA refused our credentials',
      });
    } finally {
      await f.stop();
    }
  });

  it('authenticates with a bearer token (HWA API key)', async () => {
    const f = await startHwaFixture(
      { credentials: { kind: 'bearer', token: 'api-key-1' } },
      { bearerTokens: ['api-key-1'] },
    );
    try {
      expect((await f.client.plan.engineInfo()).licenseType).toBe('PERSERVER');
    } finally {
      await f.stop();
    }
  });
});
