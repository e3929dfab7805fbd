import { randomBytes } from 'node:crypto';
import {
  createAuditLog,
  createKeyRing,
  createMemoryAuditStore,
  sanitizeArguments,
  type AuditEntryInput,
  type AuditLog,
} from '../../../core/audit/index.js';
import { memoryAuditEntries } from '../../../core/audit/store-memory.js';
import { configFrom } from '../../../core/config/index.js';
import { silentLogger } from '../../../core/logger.js';
import { createMetricsRegistry } from '../../../core/metrics.js';

const key = () => randomBytes(32).toString('base64');
let prefixes = 0;

function auditLog(
  keys: Array<{ id: string; secret: string }>,
  active: string,
  prefix = `unit-audit-${++prefixes}:`,
): { log: AuditLog; prefix: string } {
  const log = createAuditLog({
    store: createMemoryAuditStore(prefix),
    ring: createKeyRing(keys, active),
    logger: silentLogger(),
    registry: createMetricsRegistry('test', { defaults: false }),
    usingDevelopmentKey: false,
  });
  return { log, prefix };
}

const entry = (i: number, extra: Partial<AuditEntryInput> = {}): AuditEntryInput => ({
  actor: i % 2 === 0 ? 'alice' : 'bob',
  roles: ['operator'],
  service: 'tws',
  action: 'MUTATION',
  operation: 'Rerun',
  field: 'rerunJob',
  arguments: { id: `job-${i}` },
  outcome: 'OK',
  requestId: `req-${i}`,
  ...extra,
});

async function filled(n: number) {
  const k1 = { id: 'k1', secret: key() };
  const made = auditLog([k1], 'k1');
  for (let i = 1; i <= n; i += 1) await made.log.append(entry(i));
  return { ...made, k1, entries: memoryAuditEntries(made.prefix)! };
}

describe('audit log (AES-256-GCM, SHA-256 chain)', () => {
  it('appends, reads back decrypted newest first, and verifies', async () => {
    const { log } = await filled(5);
    const page = await log.list({ first: 2 });
    expect(page.records.map((r) => [r.sequence, r.arguments])).toEqual([
      [5, { id: 'job-5' }],
      [4, { id: 'job-4' }],
    ]);
    expect(page.hasNextPage).toBe(true);
    const next = await log.list({ first: 10, after: page.endCursor });
    expect(next.records.map((r) => r.sequence)).toEqual([3, 2, 1]);
    expect(next.hasNextPage).toBe(false);
    expect(await log.verify()).toMatchObject({ valid: true, checkedEntries: 5, headSequence: 5 });
  });

  it('stores no readable content: actor, arguments and request id are encrypted', async () => {
    const { entries } = await filled(1);
    const stored = JSON.stringify(entries[0]);
    expect(stored).not.toContain('alice');
    expect(stored).not.toContain('bob');
    expect(stored).not.toContain('job-1');
    expect(stored).not.toContain('req-1');
    expect(Object.keys(entries[0]!.fields).sort()).toEqual([
      'ct',
      'hash',
      'iv',
      'kid',
      'prev',
      'seq',
      'tag',
      'ts',
    ]);
  });

  it('filters by actor, action and outcome', async () => {
    const { log } = await filled(6);
    await log.append(entry(7, { action: 'TOOL_CALL', outcome: 'ERROR', errorCode: 'FORBIDDEN' }));
    expect(
      (await log.list({ first: 10, filter: { actor: 'alice' } })).records.map((r) => r.sequence),
    ).toEqual([6, 4, 2]);
    expect(
      (await log.list({ first: 10, filter: { action: 'TOOL_CALL' } })).records.map((r) => r.errorCode),
    ).toEqual(['FORBIDDEN']);
    expect(
      (await log.list({ first: 10, filter: { outcome: 'OK', actor: 'bob' } })).records.map((r) => r.sequence),
    ).toEqual([5, 3, 1]);
  });

  it('reports the first entry whose content changed', async () => {
    const { log, entries } = await filled(5);
    const fields = entries[2]!.fields as Record<string, string>;
    fields['ct'] = Buffer.from('{"actor":"mallory"}').toString('base64');
    expect(await log.verify()).toMatchObject({
      valid: false,
      checkedEntries: 2,
      firstInvalid: { id: entries[2]!.id, sequence: 3, reason: 'CONTENT' },
    });
  });

  it('reports a re-hashed forgery: without the key the ciphertext fails authentication', async () => {
    const { log, entries } = await filled(4);
    const { createHash } = await import('node:crypto');
    const f = entries[1]!.fields as Record<string, string>;
    const ct = Buffer.from(f['ct']!, 'base64');
    ct[0] = ct[0]! ^ 0xff;
    f['ct'] = ct.toString('base64');
    f['hash'] = createHash('sha256')
      .update([f['seq'], f['ts'], f['kid'], f['iv'], f['tag'], f['ct'], f['prev']].join('|'))
      .digest('hex');
    expect((await log.verify()).firstInvalid).toMatchObject({
      sequence: 2,
      reason: 'CONTENT',
      detail: expect.stringMatching(/authentication/),
    });
  });

  it('reports reordered and removed entries', async () => {
    const swapped = await filled(4);
    [swapped.entries[1], swapped.entries[2]] = [swapped.entries[2]!, swapped.entries[1]!];
    expect((await swapped.log.verify()).firstInvalid).toMatchObject({ sequence: 3, reason: 'ORDER' });

    const removed = await filled(4);
    removed.entries.splice(1, 1);
    expect((await removed.log.verify()).firstInvalid).toMatchObject({ sequence: 3, reason: 'ORDER' });

    const truncated = await filled(4);
    truncated.entries.pop();
    expect((await truncated.log.verify()).firstInvalid).toMatchObject({ sequence: 4, reason: 'MISSING' });
  });

  it('rotates keys without rewriting history, and needs the old key to verify old entries', async () => {
    const k1 = { id: 'k1', secret: key() };
    const k2 = { id: 'k2', secret: key() };
    const prefix = `unit-audit-rotation-${++prefixes}:`;
    const before = auditLog([k1], 'k1', prefix).log;
    await before.append(entry(1));
    await before.append(entry(2));
    const after = auditLog([k1, k2], 'k2', prefix).log;
    await after.append(entry(3));
    const records = (await after.list({ first: 10 })).records;
    expect(records.map((r) => [r.sequence, r.keyId])).toEqual([
      [3, 'k2'],
      [2, 'k1'],
      [1, 'k1'],
    ]);
    expect(await after.verify()).toMatchObject({ valid: true, checkedEntries: 3 });
    const withoutOldKey = auditLog([k2], 'k2', prefix).log;
    expect((await withoutOldKey.verify()).firstInvalid).toMatchObject({ sequence: 1, reason: 'UNKNOWN_KEY' });
  });

  it('keeps one chain when several logs (services) append to the same store concurrently', async () => {
    const k1 = { id: 'k1', secret: key() };
    const prefix = `unit-audit-shared-${++prefixes}:`;
    const services = [
      auditLog([k1], 'k1', prefix).log,
      auditLog([k1], 'k1', prefix).log,
      auditLog([k1], 'k1', prefix).log,
    ];
    await Promise.all(
      services.flatMap((log, s) =>
        Array.from({ length: 20 }, (_, i) => log.append(entry(i, { service: `s${s}` }))),
      ),
    );
    expect(await services[0]!.verify()).toMatchObject({ valid: true, checkedEntries: 60, headSequence: 60 });
  });

  it('takes the key ring from config: a development key outside production, AUDIT_KEYS required in production', () => {
    const dev = configFrom({}).audit;
    expect(dev).toMatchObject({ usingDevelopmentKey: true, activeKeyId: 'dev' });
    const k = key();
    const rotated = configFrom({ AUDIT_KEYS: `old:${key()},new:${k}`, AUDIT_ACTIVE_KEY_ID: 'old' }).audit;
    expect(rotated).toMatchObject({ usingDevelopmentKey: false, activeKeyId: 'old' });
    expect(rotated.keys.map((x) => x.id)).toEqual(['old', 'new']);
    expect(() => configFrom({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) })).toThrow(
      /AUDIT_KEYS: required/,
    );
    expect(() => configFrom({ AUDIT_KEYS: 'k1:c2hvcnQ=' })).toThrow(/must decode to 32 bytes/);
    // Only separators is not "unset": no development key falls in, the config is refused.
    expect(() => configFrom({ AUDIT_KEYS: ',' })).toThrow(/AUDIT_KEYS: no key given/);
    expect(() =>
      configFrom({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), AUDIT_KEYS: ' , ,' }),
    ).toThrow(/AUDIT_KEYS: no key given/);
    expect(() => configFrom({ AUDIT_KEYS: `k1:${k}`, AUDIT_ACTIVE_KEY_ID: 'k9' })).toThrow(
      /k9 is not in AUDIT_KEYS/,
    );
    // The problem message never echoes key material.
    try {
      configFrom({ AUDIT_KEYS: 'k1:c2hvcnQ=' });
    } catch (error) {
      expect((error as Error).message).not.toContain('c2hvcnQ=');
    }
  });
});

describe('sanitizeArguments', () => {
  it('redacts secrets by name and bounds size', () => {
    const out = sanitizeArguments({
      id: 'job-1',
      input: {
        password: 'hunter2',
        apiKey: 'sk-123',
        text: 'x'.repeat(1000),
        tags: Array.from({ length: 40 }, (_, i) => `t${i}`),
      },
      authorization: 'Bearer abc',
    }) as Record<string, Record<string, unknown>>;
    expect(out['authorization']).toBe('[REDACTED]');
    expect(out['input']!['password']).toBe('[REDACTED]');
    expect(out['input']!['apiKey']).toBe('[REDACTED]');
    expect(String(out['input']!['text'])).toMatch(/…\(1000 chars\)$/);
    expect((out['input']!['tags'] as unknown[]).length).toBe(26);
    expect(JSON.stringify(out)).not.toMatch(/hunter2|sk-123|Bearer abc/);
  });
});
