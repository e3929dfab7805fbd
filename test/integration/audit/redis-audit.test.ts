import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import {
  auditKeys,
  createAuditLog,
  createKeyRing,
  createRedisAuditStore,
  type AuditEntryInput,
  type AuditLog,
} from '../../../core/audit/index.js';
import { silentLogger } from '../../../core/logger.js';
import { createMetricsRegistry } from '../../../core/metrics.js';
import { deleteRedisKeys, Disposer, testRedisUrl, uniquePrefix } from '../../harness/services.js';

const disposer = new Disposer();
afterAll(() => disposer.disposeAll());

const ring = [{ id: 'k1', secret: randomBytes(32).toString('base64') }];

function connect(): Redis {
  return disposer.add(new Redis(testRedisUrl()), (r) => r.quit());
}

function logOn(redis: Redis, prefix: string, keys = ring, active = 'k1'): AuditLog {
  return createAuditLog({
    store: createRedisAuditStore({ redis, keyPrefix: prefix }),
    ring: createKeyRing(keys, active),
    logger: silentLogger(),
    registry: createMetricsRegistry('test', { defaults: false }),
    usingDevelopmentKey: false,
  });
}

const entry = (i: number, service = 'tws'): AuditEntryInput => ({
  actor: 'alice',
  roles: ['operator'],
  service,
  action: 'MUTATION',
  operation: 'Rerun',
  field: 'rerunJob',
  arguments: { id: `job-${i}` },
  outcome: 'OK',
  requestId: `req-${i}`,
});

/** Rewrites the stream with one entry's field changed, as someone with Redis access could. */
async function tamper(
  redis: Redis,
  prefix: string,
  index: number,
  change: (fields: Record<string, string>) => void,
) {
  const { stream } = auditKeys(prefix);
  const raw = (await redis.xrange(stream, '-', '+')) as Array<[string, string[]]>;
  await redis.del(stream);
  for (const [i, [id, flat]] of raw.entries()) {
    const fields: Record<string, string> = {};
    for (let k = 0; k < flat.length; k += 2) fields[flat[k]!] = flat[k + 1]!;
    if (i === index) change(fields);
    await redis.xadd(stream, id, ...Object.entries(fields).flat());
  }
  return raw[index]![0];
}

describe('audit trail on a real Redis stream', () => {
  it('keeps one hash chain across processes appending concurrently (compare-and-set on the head)', async () => {
    const prefix = `${uniquePrefix('audit')}:`;
    const [a, b, c] = [connect(), connect(), connect()];
    disposer.defer(() => deleteRedisKeys(a, prefix));
    const logs = [logOn(a, prefix), logOn(b, prefix), logOn(c, prefix)];
    await Promise.all(
      logs.flatMap((log, s) => Array.from({ length: 30 }, (_, i) => log.append(entry(i, `service-${s}`)))),
    );
    const verification = await logs[1]!.verify();
    expect(verification).toMatchObject({ valid: true, checkedEntries: 90, headSequence: 90 });
    const sequences = (await logs[2]!.list({ first: 90 })).records.map((r) => r.sequence);
    expect(sequences).toEqual(Array.from({ length: 90 }, (_, i) => 90 - i));
  });

  it('reports the altered entry after one stored entry is changed in Redis', async () => {
    const prefix = `${uniquePrefix('audit')}:`;
    const redis = connect();
    disposer.defer(() => deleteRedisKeys(redis, prefix));
    const log = logOn(redis, prefix);
    for (let i = 1; i <= 6; i += 1) await log.append(entry(i));
    expect((await log.verify()).valid).toBe(true);

    const alteredId = await tamper(redis, prefix, 3, (f) => {
      f['ct'] = Buffer.from(`${Buffer.from(f['ct']!, 'base64').toString('latin1')}x`, 'latin1').toString(
        'base64',
      );
    });
    expect(await log.verify()).toMatchObject({
      valid: false,
      checkedEntries: 3,
      firstInvalid: { id: alteredId, sequence: 4, reason: 'CONTENT' },
    });
  });

  it('reports an entry moved out of order and a chain link rewritten', async () => {
    const prefix = `${uniquePrefix('audit')}:`;
    const redis = connect();
    disposer.defer(() => deleteRedisKeys(redis, prefix));
    const log = logOn(redis, prefix);
    for (let i = 1; i <= 4; i += 1) await log.append(entry(i));
    await tamper(redis, prefix, 1, (f) => {
      f['prev'] = '1'.repeat(64);
    });
    expect((await log.verify()).firstInvalid).toMatchObject({ sequence: 2, reason: 'CHAIN' });

    const other = `${uniquePrefix('audit')}:`;
    disposer.defer(() => deleteRedisKeys(redis, other));
    const log2 = logOn(redis, other);
    for (let i = 1; i <= 4; i += 1) await log2.append(entry(i));
    const { stream } = auditKeys(other);
    const [second] = (await redis.xrange(stream, '-', '+', 'COUNT', 2)).slice(1) as Array<[string, string[]]>;
    // Delete entry 2 and append it again at the end: content intact, order broken.
    await redis.xdel(stream, second![0]);
    await redis.xadd(stream, '*', ...second![1]);
    expect((await log2.verify()).firstInvalid).toMatchObject({ sequence: 3, reason: 'ORDER' });
  });

  it('rotates the active key without touching stored entries', async () => {
    const prefix = `${uniquePrefix('audit')}:`;
    const redis = connect();
    disposer.defer(() => deleteRedisKeys(redis, prefix));
    await logOn(redis, prefix).append(entry(1));
    const rotated = [...ring, { id: 'k2', secret: randomBytes(32).toString('base64') }];
    const after = logOn(redis, prefix, rotated, 'k2');
    await after.append(entry(2));
    expect((await after.list({ first: 5 })).records.map((r) => r.keyId)).toEqual(['k2', 'k1']);
    expect(await after.verify()).toMatchObject({ valid: true, checkedEntries: 2 });
  });
});
