import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import {
  createAuditLog,
  createAuditLogFromConfig,
  createKeyRing,
  createRedisAuditStore,
  type AuditEntryInput,
  type AuditLog,
} from '../../../core/audit/index.js';
import { configFrom } from '../../../core/config/index.js';
import { silentLogger } from '../../../core/logger.js';
import { createMetricsRegistry } from '../../../core/metrics.js';
import { deleteRedisKeys, Disposer, testRedisUrl, uniquePrefix } from '../../harness/services.js';

const disposer = new Disposer();
afterAll(() => disposer.disposeAll());

const ring = [{ id: 'k1', secret: randomBytes(32).toString('base64') }];

function connect(): Redis {
  return disposer.add(new Redis(testRedisUrl()), (r) => r.quit());
}

let cleaner: Redis;
beforeAll(() => {
  cleaner = connect();
});

/** A log with its own connection and writer: what one more process sees. */
function processLog(prefix: string): AuditLog {
  return createAuditLog({
    store: createRedisAuditStore({ redis: connect(), keyPrefix: prefix }),
    ring: createKeyRing(ring, 'k1'),
    logger: silentLogger(),
    registry: createMetricsRegistry('test', { defaults: false }),
    usingDevelopmentKey: false,
  });
}

const entry = (writer: number, i: number): AuditEntryInput => ({
  actor: `user-${writer}`,
  roles: ['operator'],
  service: 'tws',
  action: 'MUTATION',
  operation: 'Rerun',
  field: 'rerunJob',
  arguments: { id: `job-${i}` },
  outcome: 'OK',
  requestId: `req-${writer}-${i}`,
});

/** Appends everything and counts the appends that failed (each one an unaudited mutation). */
async function lost(appends: Array<Promise<void>>): Promise<number> {
  const settled = await Promise.allSettled(appends);
  return settled.filter((s) => s.status === 'rejected').length;
}

describe('audit trail under concurrent writers (real Redis)', () => {
  it('verifies the head it read first: entries appended during the walk are no tampering', async () => {
    const prefix = `${uniquePrefix('audit-verify')}:`;
    disposer.defer(() => deleteRedisKeys(cleaner, prefix));
    const verifier = processLog(prefix);
    const before = Array.from({ length: 1500 }, (_, i) => verifier.append(entry(0, i)));
    expect(await lost(before)).toBe(0);

    // Other processes keep appending while the stream is walked.
    let writing = true;
    const writers = [processLog(prefix), processLog(prefix)].map(async (log, w) => {
      for (let i = 0; writing; i += 1) await log.append(entry(w + 1, i));
    });
    const results = [];
    for (let run = 0; run < 5; run += 1) results.push(await verifier.verify());
    writing = false;
    await Promise.all(writers);

    for (const result of results) {
      expect(result).toMatchObject({ valid: true });
      expect(result.checkedEntries).toBe(result.headSequence);
    }
    // Appends did interleave with the walks, and the whole chain is still intact after them.
    expect(results.at(-1)!.headSequence).toBeGreaterThan(1500);
    const final = await verifier.verify();
    expect(final).toMatchObject({ valid: true, checkedEntries: await verifier.length() });
  });

  it('loses no entry with 16 processes appending at once: contention delays, it does not drop', async () => {
    const prefix = `${uniquePrefix('audit-contention')}:`;
    disposer.defer(() => deleteRedisKeys(cleaner, prefix));
    const logs = Array.from({ length: 16 }, () => processLog(prefix));
    // Bursts (batched per process) and one-at-a-time appends (a new round for every entry).
    const bursts = logs.flatMap((log, w) => Array.from({ length: 300 }, (_, i) => log.append(entry(w, i))));
    const sequential = logs.map(async (log, w) => {
      for (let i = 0; i < 40; i += 1) await log.append(entry(w, 1000 + i));
    });
    expect(await lost([...bursts, ...sequential])).toBe(0);
    const total = 16 * 300 + 16 * 40;
    expect(await logs[0]!.verify()).toMatchObject({
      valid: true,
      checkedEntries: total,
      headSequence: total,
    });
  });

  it('shares one writer among the services of a process, so they never race each other for the head', async () => {
    const prefix = `${uniquePrefix('audit-shared')}:`;
    disposer.defer(() => deleteRedisKeys(cleaner, prefix));
    const config = configFrom({ REDIS_URL: testRedisUrl(), REDIS_KEY_PREFIX: prefix });
    let conflicts = 0;
    const services = Array.from({ length: 5 }, () => {
      const redis = connect();
      // Count compare-and-set refusals: the head moved under a writer.
      const evaluate = redis.eval.bind(redis) as (...args: unknown[]) => Promise<unknown>;
      Object.assign(redis, {
        eval: async (...args: unknown[]) => {
          const reply = await evaluate(...args);
          if (Array.isArray(reply) && reply[0] === 'conflict') conflicts += 1;
          return reply;
        },
      });
      return createAuditLogFromConfig(config, {
        redis,
        logger: silentLogger(),
        registry: createMetricsRegistry('test', { defaults: false }),
      });
    });
    const appends = services.flatMap((log, s) =>
      Array.from({ length: 100 }, (_, i) => log.append(entry(s, i))),
    );
    expect(await lost(appends)).toBe(0);
    expect(conflicts).toBe(0);
    expect(await services[4]!.verify()).toMatchObject({ valid: true, checkedEntries: 500 });
  });
});
