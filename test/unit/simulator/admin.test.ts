// Admin endpoints (/_sim/plan, /_sim/ids, /_sim/reset), the programmatic handle, and the CLI.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { DATASET_IDS, jobIdOf, startSimulator } from '../../../simulator/index.js';
import { json, MINUTE, startTestSim, type TestSim } from './support/sim.js';
import type { GroupedCount, Job } from './support/wire.js';

let t: TestSim;
afterEach(async () => {
  await t?.sim.stop();
});

test('plan info and well-known ids', async () => {
  t = await startTestSim();
  const plan = await t.get<Record<string, unknown>>('/_sim/plan');
  expect(plan).toMatchObject({
    planId: DATASET_IDS.planId,
    planStart: '2026-03-09T03:05:00.000Z',
    planEnd: '2026-03-10T03:05:00.000Z',
    now: '2026-03-09T15:00:00.000Z',
    jobs: 44,
    jobStreams: 9,
    workstations: 7,
  });
  expect(await t.get<unknown>('/_sim/ids')).toEqual(DATASET_IDS);
});

test('reset rebuilds the dataset, rewinds the manual clock and clears faults, actions and stats', async () => {
  t = await startTestSim();
  await t.put(`plan/job/${jobIdOf('MONTHEND_PREP', 'ME_FREEZE_LEDGER')}/action/release`);
  t.sim.advance(45 * MINUTE);
  t.sim.setFaults([{ kind: 'latency', ms: 1 }]);
  await t.post('plan/job/submit-ad-hoc-job', {
    workstationKey: 'MASTER',
    task: { UNIX: { taskString: 'true' } },
  });
  expect((await t.get<GroupedCount>('plan/job/count')).count).toBe(45);
  const res = await t.post('/_sim/reset');
  expect(await json<{ now: string }>(res)).toMatchObject({ now: '2026-03-09T15:00:00.000Z' });
  expect((await t.get<GroupedCount>('plan/job/count')).count).toBe(44);
  expect(
    (await t.get<Job>(`plan/job/${jobIdOf('MONTHEND_PREP', 'ME_FREEZE_LEDGER')}`)).lastRunCommonStatus,
  ).toBe('HELD');
  expect(await t.get<unknown[]>('/_sim/faults')).toEqual([]);
  expect(t.sim.actions()).toEqual([]);
  expect(Object.keys(t.sim.stats())).toEqual([
    '/twsd/api/v2/plan/job/count',
    '/twsd/api/v2/plan/job/' + jobIdOf('MONTHEND_PREP', 'ME_FREEZE_LEDGER'),
  ]);
  t.sim.reset();
  expect(t.sim.stats()).toEqual({});
});

test('the handle: url with /twsd, two simulators side by side, stop() twice, port freed', async () => {
  t = await startTestSim();
  const other = await startSimulator({ port: 0, clock: { mode: 'manual' } });
  try {
    expect(other.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/twsd$/);
    expect(other.port).not.toBe(t.sim.port);
    expect(
      (
        await fetch(`${other.url}/api/v2/engine/info`, {
          headers: { Authorization: 'Basic cmVzeW5jOnJlc3luYw==' },
        })
      ).status,
    ).toBe(200);
  } finally {
    await other.stop();
    await other.stop();
  }
  await expect(fetch(`${other.url}/api/v2/engine/info`)).rejects.toThrow();
  const lines: string[] = [];
  const logged = await startSimulator({ port: 0, clock: { mode: 'manual' }, log: (l) => lines.push(l) });
  await logged.stop();
  expect(lines[0]).toMatch(
    /^HWA simulator listening on http:\/\/127\.0\.0\.1:\d+\/twsd \(44 jobs, 9 job streams\)$/,
  );
});

test('the CLI prints one line when listening and serves a generated plan', async () => {
  t = await startTestSim();
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      resolve(__dirname, '../../../simulator/main.ts'),
      '--port',
      '0',
      '--jobs',
      '500',
      '--user',
      'cli',
      '--password',
      'pw',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  try {
    const line = await new Promise<string>((ok, fail) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) ok(out);
      });
      child.once('exit', (code) => fail(new Error(`exited ${code}`)));
    });
    expect(line.trim().split('\n')).toHaveLength(1);
    const url = /(http:\/\/\S+\/twsd\/api\/v2)/.exec(line)?.[1];
    expect(line).toContain('500 generated jobs');
    const count = await fetch(`${url}/plan/job/count`, {
      headers: { Authorization: `Basic ${Buffer.from('cli:pw').toString('base64')}` },
    });
    expect(await json<GroupedCount>(count)).toEqual({ count: 500 });
  } finally {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
  }
}, 30_000);
