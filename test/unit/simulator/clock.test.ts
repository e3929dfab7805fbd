// The plan moves with the clock: READY → EXEC → SUCC by estimated duration and satisfied dependencies,
// while holds, fences, prompts, missing resources and unlinked workstations never resolve by themselves.
import { SimClock } from '../../../simulator/clock.js';
import { jobIdOf } from '../../../simulator/index.js';
import { FIXED_NOW, json, MINUTE, startTestSim, type TestSim } from './support/sim.js';
import type { GroupedCount, Job, Page } from './support/wire.js';

const status = async (t: TestSim, stream: string, name: string): Promise<string> => {
  const j = await t.get<Job>(`plan/job/${jobIdOf(stream, name)}`);
  return [j.lastRunCompositeStatus.status, j.lastRunCompositeStatus.substatus].filter(Boolean).join('/');
};

describe('manual clock', () => {
  let t: TestSim;
  beforeEach(async () => {
    t = await startTestSim();
  });
  afterEach(() => t.sim.stop());

  test('nothing moves without advance()', async () => {
    const before = await t.get<GroupedCount>('plan/job/count?grouping_filters=status');
    await new Promise((r) => setTimeout(r, 50));
    expect(await t.get<GroupedCount>('plan/job/count?grouping_filters=status')).toEqual(before);
    expect(t.sim.now().toISOString()).toBe(FIXED_NOW.toISOString());
  });

  test('GEN_INVOICES ends after its 70-minute run; its successors go READY, EXEC, SUCC in order', async () => {
    t.sim.advance(29 * MINUTE);
    expect(await status(t, 'BILLING_DAILY', 'GEN_INVOICES')).toBe('EXEC');
    t.sim.advance(MINUTE);
    expect(await status(t, 'BILLING_DAILY', 'GEN_INVOICES')).toBe('SUCC');
    expect(await status(t, 'BILLING_DAILY', 'SEND_INVOICES')).toBe('READY');
    expect(await status(t, 'BILLING_DAILY', 'POST_LEDGER')).toBe('READY');
    t.sim.advance(1000);
    expect(await status(t, 'BILLING_DAILY', 'SEND_INVOICES')).toBe('EXEC');
    const running = await t.get<Job>(`plan/job/${jobIdOf('BILLING_DAILY', 'SEND_INVOICES')}`);
    expect(running.jobruns[0]).toMatchObject({
      actualWorkstation: 'AGT_LNX02',
      jobNumber: expect.any(Number),
      timeInfo: expect.objectContaining({ estimatedDuration: 'PT10M' }),
    });
    t.sim.advance(10 * MINUTE);
    expect(await status(t, 'BILLING_DAILY', 'SEND_INVOICES')).toBe('SUCC');
    expect(await status(t, 'BILLING_DAILY', 'POST_LEDGER')).toBe('EXEC');
    t.sim.advance(2 * 60 * MINUTE);
    const stream = await t.get<Page<Job>>(
      `plan/job?oql=${encodeURIComponent("jobStreamName = 'BILLING_DAILY'")}`,
    );
    expect(stream.results.map((j) => j.lastRunCompositeStatus.status)).toEqual(Array(7).fill('SUCC'));
  });

  test('showcase statuses stay put for a whole day', async () => {
    const fixed: Array<[string, string, string]> = [
      ['ETL_SALES', 'LOAD_DW_SALES', 'ABEND'],
      ['ETL_SALES', 'BUILD_SALES_CUBE', 'HOLD/HOLD_WAITING_FOR_PREDECESSOR'],
      ['FIN_CLOSE', 'FC_IMPORT_SALES', 'HOLD/HOLD_WAITING_FOR_PREDECESSOR'],
      ['FIN_CLOSE', 'FC_FX_RATES', 'FENCE'],
      ['MONTHEND_PREP', 'ME_FREEZE_LEDGER', 'HOLD/HOLD_PRIORITY_ZERO'],
      ['MONTHEND_PREP', 'ME_REVALUE_FX', 'SUPPR/SUPPR_UNSATISFIED_DEPENDENCY'],
      ['MONTHEND_PREP', 'ME_CONFIRM_INPUTS', 'HOLD/HOLD_WAITING_FOR_PROMPT'],
      ['REPORTS_MORNING', 'RPT_SALES', 'READY/READY_WAITING_FOR_RESOURCES'],
      ['REPORTS_MORNING', 'RPT_STOCK', 'FAIL'],
      ['HR_PAYROLL', 'PAY_EXTRACT_HOURS', 'UNDCDED'],
      ['HR_PAYROLL', 'PAY_CALC_GROSS', 'HOLD/HOLD_WAITING_FOR_PREDECESSOR'],
      ['BACKUP_DB', 'PURGE_OLD', 'CANCL'],
    ];
    for (let hour = 0; hour < 24; hour += 6) {
      t.sim.advance(6 * 60 * MINUTE);
      for (const [s, j, expected] of fixed)
        expect(`${s}.${j} ${await status(t, s, j)}`).toBe(`${s}.${j} ${expected}`);
    }
  });

  test('RPT_HR waits for 08:00 local, then runs', async () => {
    expect(await status(t, 'REPORTS_MORNING', 'RPT_HR')).toBe('HOLD/HOLD_WAITING_FOR_TIME');
    const hr = await t.get<Job>(`plan/job/${jobIdOf('REPORTS_MORNING', 'RPT_HR')}`);
    expect(hr.timeRestrictions).toMatchObject({
      startTime: '2026-03-10T11:00:00.000Z',
      timeDependent: true,
      startTimeSatisfied: false,
    });
    t.sim.advance(20 * 60 * MINUTE);
    expect(await status(t, 'REPORTS_MORNING', 'RPT_HR')).toBe('READY');
    t.sim.advance(1000 + 7 * MINUTE);
    expect(await status(t, 'REPORTS_MORNING', 'RPT_HR')).toBe('SUCC');
  });

  test('workstation limit: jobs beyond it wait READY_WAITING_FOR_LIMIT and start when a slot frees', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await t.post('plan/job/submit-ad-hoc-job', {
        workstationKey: 'MASTER',
        alias: `BURST_${i}`,
        task: { UNIX: { taskString: 'sleep 60' } },
      });
      ids.push((await json<{ id: string }>(res)).id);
    }
    t.sim.advance(1000);
    const states = async (): Promise<string[]> =>
      Promise.all(
        ids.map(
          async (id) =>
            (await t.get<Job>(`plan/job/${id}`)).lastRunCompositeStatus.substatus ??
            (await t.get<Job>(`plan/job/${id}`)).lastRunCompositeStatus.status,
        ),
      );
    const first = await states();
    expect(first.filter((s) => s === 'EXEC')).toHaveLength(10); // MASTER's limit
    expect(first.filter((s) => s === 'READY_WAITING_FOR_LIMIT')).toHaveLength(2);
    t.sim.advance(MINUTE + 1000);
    const second = await states();
    expect(second.filter((s) => s === 'SUCC')).toHaveLength(10);
    expect(second.filter((s) => s === 'EXEC')).toHaveLength(2);
  });

  test('POST /_sim/clock/advance moves the plan like advance()', async () => {
    const res = await t.post('/_sim/clock/advance', { ms: 30 * MINUTE });
    expect(await json<{ mode: string; now: string }>(res)).toMatchObject({
      mode: 'manual',
      now: '2026-03-09T15:30:00.000Z',
    });
    expect(await status(t, 'BILLING_DAILY', 'GEN_INVOICES')).toBe('SUCC');
    expect((await t.post('/_sim/clock/advance', { ms: -1 })).status).toBe(400);
  });
});

describe('real clock', () => {
  test('speed multiplies wall time and ticks move the plan on their own', async () => {
    const t = await startTestSim({ clock: { mode: 'real', speed: 3600, tickMs: 10 } });
    try {
      const start = t.sim.now().getTime();
      // 30 simulated minutes = 0.5 s of wall time at speed 3600.
      await new Promise((r) => setTimeout(r, 700));
      expect(t.sim.now().getTime() - start).toBeGreaterThanOrEqual(30 * MINUTE);
      expect(await status(t, 'BILLING_DAILY', 'GEN_INVOICES')).toBe('SUCC');
      const clock = await t.get<Record<string, unknown>>('/_sim/clock');
      expect(clock).toMatchObject({ mode: 'real', speed: 3600, tickMs: 10 });
    } finally {
      await t.sim.stop();
    }
  });

  test('SimClock: advance jumps, rewind returns to wall time, ticks stop on stop()', () => {
    let ticks = 0;
    const clock = new SimClock({ mode: 'real', speed: 1, tickMs: 5 }, () => ticks++);
    const before = clock.now();
    clock.advance(60_000);
    expect(clock.now() - before).toBeGreaterThanOrEqual(60_000);
    expect(ticks).toBe(1);
    clock.rewind();
    expect(Math.abs(clock.now() - Date.now())).toBeLessThan(50);
    expect(() => clock.advance(-1)).toThrow(RangeError);
    clock.start();
    clock.stop();
  });
});
