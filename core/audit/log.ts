import type { Registry } from 'prom-client';
import type { Logger } from '../logger.js';
import { counter, histogram } from '../metrics.js';
import { associatedData, envelopeHash, fromStored } from './envelope.js';
import type { KeyRing } from './keyring.js';
import { verifyChain } from './verify.js';
import { createChainWriter, type ChainWriter } from './writer.js';
import type {
  AuditEntryInput,
  AuditEnvelope,
  AuditFilter,
  AuditLog,
  AuditRecord,
  AuditStore,
  AuditVerification,
  StoredEnvelope,
} from './types.js';

export interface AuditLogOptions {
  store: AuditStore;
  ring: KeyRing;
  logger: Logger;
  registry: Registry;
  usingDevelopmentKey: boolean;
  /** Entries examined per `list` call at most, so a selective filter cannot scan forever. @default 10000 */
  maxScan?: number;
  /** The store is capped, so its oldest entries may be gone by design (see verifyChain). @default false */
  trimmed?: boolean;
  /**
   * Who appends to the chain. Services of one process share one (sharedChainWriter) so they
   * never race each other for the head. @default a writer of this log alone
   */
  writer?: ChainWriter;
}

/**
 * The audit log of one service: its metrics and logger over a chain writer, which batches
 * appends and compare-and-sets them against the shared chain head, so writers in other
 * processes interleave without forking the chain.
 */
export function createAuditLog({
  store,
  ring,
  logger,
  registry,
  usingDevelopmentKey,
  maxScan = 10_000,
  trimmed = false,
  writer = createChainWriter(),
}: AuditLogOptions): AuditLog {
  const appended = counter(registry, {
    name: 'resync_audit_entries_total',
    help: 'Audit entries appended, by action and outcome; failures to store are outcome=STORE_FAILED',
    labelNames: ['action', 'outcome'],
  });
  const latency = histogram(registry, {
    name: 'resync_audit_append_duration_seconds',
    help: 'Time to append one audit entry (encrypt, chain, store)',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
  });

  // One walk at a time: concurrent callers share the running verification instead of each
  // reading and decrypting the whole stream again.
  let verifying: Promise<AuditVerification> | undefined;

  const open = (stored: StoredEnvelope): AuditRecord | undefined => {
    const e = fromStored(stored);
    if (!e || envelopeHash(e) !== e.hash) return undefined;
    try {
      const body = JSON.parse(ring.open(e, associatedData(e.seq, e.ts, e.prev))) as AuditEntryInput;
      return { ...body, id: stored.id, sequence: e.seq, at: new Date(e.ts), keyId: e.kid };
    } catch {
      return undefined;
    }
  };

  return {
    storeKind: store.kind,
    activeKeyId: ring.activeKeyId,
    usingDevelopmentKey,

    append(input) {
      const started = performance.now();
      return writer.append(input, { store, ring }).then(
        () => {
          appended.inc({ action: input.action, outcome: input.outcome });
          latency.observe((performance.now() - started) / 1000);
        },
        (error: unknown) => {
          appended.inc({ action: input.action, outcome: 'STORE_FAILED' });
          logger.error(
            { err: (error as Error).message, action: input.action, field: input.field },
            'audit entry could not be stored',
          );
          throw error;
        },
      );
    },

    async list({ first, after, filter = {} }) {
      const records: AuditRecord[] = [];
      let cursor = after;
      let scanned = 0;
      for (;;) {
        const batch = await store.backward(cursor, Math.min(500, Math.max(50, first * 2)));
        if (batch.length === 0) return { records, endCursor: records.at(-1)?.id, hasNextPage: false };
        for (const stored of batch) {
          cursor = stored.id;
          scanned += 1;
          const record = open(stored);
          if (record && matches(record, filter)) records.push(record);
          if (records.length === first) {
            const more = (await store.backward(cursor, 1)).length > 0;
            return { records, endCursor: cursor, hasNextPage: more };
          }
          // Stop at the scan budget; the cursor lets the caller continue from here.
          if (scanned >= maxScan) return { records, endCursor: cursor, hasNextPage: true };
        }
        if (filter.since && batchOlderThan(batch, filter.since)) {
          return { records, endCursor: records.at(-1)?.id, hasNextPage: false };
        }
      }
    },

    verify() {
      verifying ??= verifyChain(store, ring, { trimmed }).finally(() => {
        verifying = undefined;
      });
      return verifying;
    },

    length() {
      return store.length();
    },
  };
}

function matches(record: AuditRecord, f: AuditFilter): boolean {
  return (
    (f.actor === undefined || record.actor === f.actor) &&
    (f.action === undefined || record.action === f.action) &&
    (f.service === undefined || record.service === f.service) &&
    (f.outcome === undefined || record.outcome === f.outcome) &&
    (f.since === undefined || record.at >= f.since) &&
    (f.until === undefined || record.at <= f.until)
  );
}

/** Newest-first batches: once the oldest entry read is before `since`, nothing older can match. */
function batchOlderThan(batch: StoredEnvelope[], since: Date): boolean {
  const oldest = fromStored(batch[batch.length - 1]!) as AuditEnvelope | undefined;
  return oldest !== undefined && new Date(oldest.ts) < since;
}
