// Mapping HWA payloads (served by the simulator, checked against HCL's schema) to records, filters
// to OQL, Relay cursors, the plan diff and the subscription filter.
import { createHwaClient, type JobInPlan } from '../../../core/hwa/index.js';
import { silentLogger } from '../../../core/logger.js';
import { jobIdOf } from '../../../simulator/index.js';
import { cursorOf, offsetOf, pageWindow, toConnection } from '../../../subgraphs/tws/model/connection.js';
import { jobFilterToOql, jobStreamFilterToOql } from '../../../subgraphs/tws/model/filters.js';
import { toJobRecord, toJobStreamRecord, toWorkstationRecord } from '../../../subgraphs/tws/model/mappers.js';
import type { JobRecord } from '../../../subgraphs/tws/model/records.js';
import { diffPlan } from '../../../subgraphs/tws/poller/diff.js';
import { changeFilter, filterIterator } from '../../../subgraphs/tws/resolvers/subscription.js';
import { tailLines } from '../../../subgraphs/tws/model/log.js';
import { createQueueIterator } from '../../../core/pubsub/index.js';
import { Registry } from 'prom-client';
import { startSimulator, type RunningSimulator } from '../../../simulator/index.js';
import { FIXED_NOW } from './support/hwa.js';

describe('records from HWA payloads', () => {
  let sim: RunningSimulator;
  let jobs: JobInPlan[];
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, clock: { mode: 'manual', now: FIXED_NOW } });
    const hwa = createHwaClient({
      url: sim.url,
      credentials: { kind: 'basic', username: 'resync', password: 'resync' },
      timeoutMs: 2000,
      simulated: true,
      registry: new Registry(),
      logger: silentLogger(),
    });
    jobs = [];
    for await (const page of hwa.plan.walkJobs()) jobs.push(...page);
    await hwa.close();
  });
  afterAll(() => sim.stop());

  const job = (stream: string, name: string) =>
    toJobRecord(jobs.find((j) => j.id === jobIdOf(stream, name))!)!;

  it('takes status from lastRunComposite/CommonStatus and rc and times from the last run', () => {
    expect(job('ETL_SALES', 'LOAD_DW_SALES')).toMatchObject({
      name: 'LOAD_DW_SALES',
      status: 'ERROR',
      internalStatus: 'ABEND',
      returnCode: 12,
      jobStreamName: 'ETL_SALES',
      workstationName: 'POOL_ETL',
      startTime: expect.stringMatching(/^\d{4}-/),
      endTime: expect.stringMatching(/^\d{4}-/),
      runs: [
        expect.objectContaining({
          attempt: 1,
          returnCode: 12,
          lastInRerunChain: true,
          workstation: 'AGT_LNX02',
        }),
      ],
    });
  });

  it('uses the run marked lastInRerunChain (VERIFY_BACKUP: ABEND rc 4, then a successful rerun)', () => {
    const verify = job('BACKUP_DB', 'VERIFY_BACKUP');
    expect(verify).toMatchObject({ status: 'SUCCESSFUL', internalStatus: 'SUCC', returnCode: 0 });
    expect(verify.runs.map((r) => [r.attempt, r.internalStatus, r.returnCode, r.rerunType])).toEqual([
      [1, 'ABEND', 4, 'REGULAR'],
      [2, 'SUCC', 0, 'RERUN'],
    ]);
  });

  it('reports user holds as HELD and a late running job as late', () => {
    const held = jobs.map(toJobRecord).filter((j) => j?.status === 'HELD');
    expect(held.map((j) => j!.priority)).toEqual([0, 0]);
    expect(job('BILLING_DAILY', 'GEN_INVOICES')).toMatchObject({
      status: 'RUNNING',
      late: true,
      returnCode: null,
    });
  });

  it('maps every job, and records survive a JSON round trip unchanged (Redis, pub/sub)', () => {
    const records = jobs.map(toJobRecord);
    expect(records.every((r) => r !== undefined)).toBe(true);
    expect(JSON.parse(JSON.stringify(records))).toEqual(records);
  });

  it('maps streams with their counters and workstations with their states', () => {
    expect(
      toJobStreamRecord({
        id: 's',
        name: 'ETL_SALES',
        originalJobStreamName: 'ETL_SALES',
        commonStatus: 'ERROR',
        compositeStatus: { status: 'ABEND' },
        jobStreamStats: { numberOfJob: 8, numberOfAbendedJob: 1 },
      }),
    ).toMatchObject({
      status: 'ERROR',
      internalStatus: 'ABEND',
      stats: { total: 8, abended: 1, successful: 0 },
    });
    expect(toWorkstationRecord({ id: 'w', name: 'FTA_AIX01', type: 'FTA', activeStates: [] })).toMatchObject({
      name: 'FTA_AIX01',
      activeStates: [],
      fence: null,
    });
    expect(toJobRecord({ name: 'no id' })).toBeUndefined();
  });
});

describe('GraphQL filters as OQL', () => {
  it('combines every field with AND and lists with OR, quoting values', () => {
    expect(
      jobFilterToOql({
        status: ['ERROR', 'HELD'],
        name: 'LOAD_*',
        jobStream: 'ETL_SALES',
        workstation: 'AGT_LNX0?',
      }),
    ).toBe(
      "(commonStatus = 'ERROR' OR commonStatus = 'HELD') AND name LIKE 'LOAD_%' AND jobStreamName = 'ETL_SALES' AND workstation LIKE 'AGT_LNX0?'",
    );
    expect(jobFilterToOql({ internalStatus: ['ABEND'], jobStreamId: 'a-b' })).toBe(
      "status = 'ABEND' AND jobStreamId = 'a-b'",
    );
    expect(jobFilterToOql({})).toBeUndefined();
    expect(jobFilterToOql({ status: [] })).toBeUndefined();
    expect(jobStreamFilterToOql({ status: ['RUNNING'], name: 'FIN*' })).toBe(
      "commonStatus = 'RUNNING' AND name LIKE 'FIN%'",
    );
  });

  it('refuses unknown statuses and unsafe names with BAD_USER_INPUT', () => {
    expect(() => jobFilterToOql({ internalStatus: ['ABENDED'] })).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }),
    );
    expect(() => jobFilterToOql({ name: "X' OR name LIKE '%" })).toThrow(/Invalid name pattern/);
  });
});

describe('Relay connection over offsets', () => {
  it('round-trips opaque cursors and refuses forged ones', () => {
    expect(offsetOf(cursorOf(41))).toBe(41);
    expect(() => offsetOf('bm9wZQ')).toThrow(/Invalid cursor/);
    expect(pageWindow({ first: 10, after: cursorOf(9) })).toEqual({ offset: 10, limit: 10 });
    expect(pageWindow({})).toEqual({ offset: 0, limit: 50 });
    expect(() => pageWindow({ first: 0 })).toThrow(/first must be between 1 and 500/);
    expect(() => pageWindow({ first: 501 })).toThrow(/first must be between 1 and 500/);
  });

  it('builds edges, totalCount and pageInfo', () => {
    const connection = toConnection({ total: 25, items: ['a', 'b'] }, 10);
    expect(connection).toEqual({
      edges: [
        { cursor: cursorOf(10), node: 'a' },
        { cursor: cursorOf(11), node: 'b' },
      ],
      totalCount: 25,
      pageInfo: {
        hasNextPage: true,
        hasPreviousPage: true,
        startCursor: cursorOf(10),
        endCursor: cursorOf(11),
      },
    });
    expect(toConnection({ total: 0, items: [] }, 0).pageInfo).toEqual({
      hasNextPage: false,
      hasPreviousPage: false,
      startCursor: null,
      endCursor: null,
    });
  });
});

const rec = (
  id: string,
  status: JobRecord['status'],
  internalStatus: string,
  extra: Partial<JobRecord> = {},
): JobRecord => ({
  id,
  name: id,
  key: null,
  status,
  internalStatus,
  substatus: null,
  returnCode: null,
  startTime: null,
  endTime: null,
  estimatedDuration: null,
  scheduledTime: null,
  priority: 10,
  critical: false,
  late: false,
  jobStreamId: 's1',
  jobStreamName: 'ETL_SALES',
  workstationId: null,
  workstationName: 'AGT_LNX01',
  definitionId: null,
  runs: [],
  ...extra,
});

describe('plan diff', () => {
  it('records a baseline without reporting changes', () => {
    const diff = diffPlan(undefined, [rec('a', 'WAITING', 'HOLD')], 'now');
    expect(diff.changes).toEqual([]);
    expect([...diff.changed]).toEqual([['a', 'WAITING|HOLD']]);
  });

  it('reports status and internal-status changes and new jobs, once each', () => {
    const previous = new Map([
      ['a', 'WAITING|HOLD'],
      ['b', 'READY|READY'],
      ['c', 'RUNNING|EXEC'],
      ['gone', 'SUCCESSFUL|SUCC'],
    ]);
    const diff = diffPlan(
      previous,
      [
        rec('a', 'HELD', 'HOLD'),
        rec('b', 'READY', 'READY'),
        rec('c', 'RUNNING', 'SUCCP'),
        rec('new', 'WAITING', 'ADD'),
      ],
      'now',
    );
    expect(
      diff.changes.map((c) => [c.job.id, c.previousStatus, c.previousInternalStatus, c.job.status]),
    ).toEqual([
      ['a', 'WAITING', 'HOLD', 'HELD'],
      ['c', 'RUNNING', 'EXEC', 'RUNNING'],
      ['new', null, null, 'WAITING'],
    ]);
    expect(diff.removed).toEqual(['gone']);
    expect([...diff.changed.keys()]).toEqual(['a', 'c', 'new']);
  });
});

describe('jobStatusChanged filter', () => {
  const change = (job: JobRecord) => ({ job, previousStatus: null, previousInternalStatus: null, at: 'now' });

  it('matches status, ids and name/stream/workstation patterns, all together', () => {
    const keep = changeFilter({
      status: ['ERROR'],
      name: 'LOAD_*',
      jobStream: 'ETL_?ALES',
      workstation: 'AGT*',
    });
    expect(keep(change(rec('LOAD_DW_SALES', 'ERROR', 'ABEND')))).toBe(true);
    expect(keep(change(rec('LOAD_DW_SALES', 'RUNNING', 'EXEC')))).toBe(false);
    expect(keep(change(rec('EXTRACT', 'ERROR', 'ABEND')))).toBe(false);
    expect(changeFilter({ jobIds: ['x'] })(change(rec('y', 'ERROR', 'ABEND')))).toBe(false);
    expect(changeFilter(null)(change(rec('y', 'ERROR', 'ABEND')))).toBe(true);
    expect(() => changeFilter({ name: 'bad name!' })).toThrow(/Invalid name pattern/);
  });

  it('filters a stream of changes and passes return() through to the source', async () => {
    let closed = false;
    const { iterator, push } = createQueueIterator<number>(() => {
      closed = true;
    });
    const even = filterIterator(iterator, (n) => n % 2 === 0);
    [1, 2, 3, 4].forEach(push);
    expect((await even.next()).value).toBe(2);
    expect((await even.next()).value).toBe(4);
    await even.return!();
    expect(closed).toBe(true);
  });
});

describe('log tail', () => {
  it('keeps the last n lines without the final newline', () => {
    expect(tailLines('a\nb\nc\n', 2)).toBe('b\nc');
    expect(tailLines('a\r\nb', 5)).toBe('a\nb');
  });
});
