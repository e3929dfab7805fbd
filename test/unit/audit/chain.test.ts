import { randomBytes } from 'node:crypto';
import {
  createAuditLog,
  createChainWriter,
  createKeyRing,
  createMemoryAuditStore,
  type AuditEntryInput,
  type AuditStore,
} from '../../../core/audit/index.js';
import { headOf, parseHead, sealEntry } from '../../../core/audit/envelope.js';
import { memoryAuditEntries } from '../../../core/audit/store-memory.js';
import { silentLogger } from '../../../core/logger.js';
import { createMetricsRegistry } from '../../../core/metrics.js';

const ring = createKeyRing([{ id: 'k1', secret: randomBytes(32).toString('base64') }], 'k1');
let prefixes = 0;

const entry = (i: number): AuditEntryInput => ({
  actor: 'alice',
  roles: ['operator'],
  service: 'tws',
  action: 'MUTATION',
  operation: 'Rerun',
  field: 'rerunJob',
  arguments: { id: `job-${i}` },
  outcome: 'OK',
  requestId: `req-${i}`,
});

function logOver(store: AuditStore, writer = createChainWriter()) {
  return createAuditLog({
    store,
    ring,
    logger: silentLogger(),
    registry: createMetricsRegistry('test', { defaults: false }),
    usingDevelopmentKey: false,
    writer,
  });
}

/** Another process appends one entry straight to the store, behind this process's back. */
async function appendElsewhere(store: AuditStore, i: number) {
  const head = await store.head();
  const { seq, hash } = parseHead(head);
  const e = sealEntry(ring, entry(i), seq + 1, hash);
  await store.appendIfHead(head, [e], headOf(e));
}

describe('chain writer', () => {
  it('stores a burst of appends as one consecutive chain in few store calls', async () => {
    const store = createMemoryAuditStore(`unit-chain-${++prefixes}:`);
    const calls: number[] = [];
    const counted: AuditStore = {
      ...store,
      appendIfHead: (expected, envelopes, next) => {
        calls.push(envelopes.length);
        return store.appendIfHead(expected, envelopes, next);
      },
    };
    const log = logOver(counted);
    await Promise.all(Array.from({ length: 250 }, (_, i) => log.append(entry(i))));
    expect(calls.reduce((a, b) => a + b, 0)).toBe(250);
    expect(calls.length).toBeLessThanOrEqual(4); // the first alone, then batches of at most 100
    expect(await log.verify()).toMatchObject({ valid: true, checkedEntries: 250 });
  });

  it('chains after entries another process appended, without losing its own', async () => {
    const store = createMemoryAuditStore(`unit-chain-${++prefixes}:`);
    const log = logOver(store);
    await log.append(entry(1));
    await appendElsewhere(store, 2); // this log's known head is now stale
    await log.append(entry(3));
    expect(await log.verify()).toMatchObject({ valid: true, checkedEntries: 3, headSequence: 3 });
  });

  it('keeps retrying while the head is contended, and fails only after its time budget', async () => {
    const store = createMemoryAuditStore(`unit-chain-${++prefixes}:`);
    let refusals = 5;
    const contended: AuditStore = {
      ...store,
      appendIfHead: async (expected, envelopes, next) => {
        if (refusals > 0) {
          refusals -= 1;
          await appendElsewhere(store, 100 + refusals);
          return { appended: false, head: await store.head() };
        }
        return store.appendIfHead(expected, envelopes, next);
      },
    };
    const log = logOver(contended);
    await log.append(entry(1));
    expect(refusals).toBe(0);
    expect(await log.verify()).toMatchObject({ valid: true, checkedEntries: 6 });

    const never: AuditStore = {
      ...store,
      appendIfHead: async () => ({ appended: false, head: await store.head() }),
    };
    const starved = logOver(never, createChainWriter({ budgetMs: 20 }));
    await expect(starved.append(entry(2))).rejects.toThrow(/contended/);
  });
});

describe('chain verification', () => {
  it('verifies the head read first and ignores entries appended during the walk', async () => {
    const prefix = `unit-chain-${++prefixes}:`;
    const store = createMemoryAuditStore(prefix);
    const log = logOver(store);
    for (let i = 1; i <= 3; i += 1) await log.append(entry(i));
    const racing: AuditStore = {
      ...store,
      head: async () => {
        const head = await store.head();
        await appendElsewhere(store, 4); // lands after the head was read, before the walk
        return head;
      },
    };
    expect(await logOver(racing).verify()).toMatchObject({ valid: true, checkedEntries: 3, headSequence: 3 });
  });

  it('reports an end that differs from the head, and entries whose head was removed', async () => {
    const prefix = `unit-chain-${++prefixes}:`;
    const store = createMemoryAuditStore(prefix);
    const log = logOver(store);
    for (let i = 1; i <= 3; i += 1) await log.append(entry(i));
    const entries = memoryAuditEntries(prefix)!;
    const wrongHead: AuditStore = { ...store, head: async () => `3:${'f'.repeat(64)}` };
    expect((await logOver(wrongHead).verify()).firstInvalid).toMatchObject({
      id: entries[2]!.id,
      sequence: 3,
      reason: 'CHAIN',
    });
    const headless: AuditStore = { ...store, head: async () => undefined };
    expect((await logOver(headless).verify()).firstInvalid).toMatchObject({ sequence: 1, reason: 'MISSING' });
  });

  it('runs one walk for concurrent callers', async () => {
    const store = createMemoryAuditStore(`unit-chain-${++prefixes}:`);
    let walks = 0;
    const counted: AuditStore = {
      ...store,
      head: () => {
        walks += 1;
        return store.head();
      },
    };
    const log = logOver(counted);
    for (let i = 1; i <= 3; i += 1) await log.append(entry(i));
    walks = 0;
    const [a, b, c] = await Promise.all([log.verify(), log.verify(), log.verify()]);
    expect(walks).toBe(1);
    expect(a).toBe(b);
    expect(b).toBe(c);
    await log.verify();
    expect(walks).toBe(2); // a later call starts a new walk
  });
});
