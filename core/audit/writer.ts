import { headOf, parseHead, sealEntry } from './envelope.js';
import type { KeyRing } from './keyring.js';
import type { AuditEntryInput, AuditEnvelope, AuditStore } from './types.js';

/** Where and how one entry is written: the store and key ring of the log that recorded it. */
export interface AppendVia {
  store: AuditStore;
  ring: KeyRing;
}

export interface ChainWriter {
  /** Resolves once the entry is stored in the chain. */
  append(input: AuditEntryInput, via: AppendVia): Promise<void>;
}

export interface ChainWriterOptions {
  /**
   * How long one batch keeps retrying while other processes win the head. Contention delays an
   * entry; only a head that stays contended this long fails it (it is then logged and counted
   * as STORE_FAILED by the log). @default 10000
   */
  budgetMs?: number;
  /** Entries per store call at most (one Lua script call on Redis). @default 100 */
  maxBatch?: number;
}

interface Pending {
  input: AuditEntryInput;
  via: AppendVia;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Appends entries to one hash chain. Entries queue while a write is in flight and then go
 * together: sealed as a consecutive chain after the known head and stored by one
 * compare-and-set, so a busy process does one round trip per batch, not per entry. When
 * another process moved the head first, the store hands back the new head and the batch is
 * sealed again after it, with exponential backoff (full jitter) under a time budget.
 */
export function createChainWriter({
  budgetMs = 10_000,
  maxBatch = 100,
}: ChainWriterOptions = {}): ChainWriter {
  const pending: Pending[] = [];
  let draining = false;
  // undefined = unknown (read it from the store); `value` is the `seq:hash` head, undefined while empty.
  let known: { value: string | undefined } | undefined;

  const write = async (batch: Pending[]) => {
    // The most recent caller's store: its connection is surely open (a service that stopped
    // records nothing more), and every store of one chain addresses the same keys.
    const { store } = batch[batch.length - 1]!.via;
    const started = performance.now();
    for (let attempt = 0; ; attempt += 1) {
      const expected = known ? known.value : await store.head();
      const envelopes = seal(batch, expected);
      const next = headOf(envelopes[envelopes.length - 1]!);
      let result: Awaited<ReturnType<AuditStore['appendIfHead']>>;
      try {
        result = await store.appendIfHead(expected, envelopes, next);
      } catch (error) {
        known = undefined; // it may or may not have been applied: read the head next time
        throw error;
      }
      if (result.appended) {
        known = { value: next };
        return;
      }
      known = { value: result.head };
      const elapsed = performance.now() - started;
      if (elapsed >= budgetMs) {
        throw new Error(`audit: the chain head stayed contended for ${Math.round(elapsed)} ms`);
      }
      const ceiling = Math.min(100, 2 ** attempt);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
    }
  };

  const drain = async () => {
    draining = true;
    try {
      while (pending.length > 0) {
        const batch = pending.splice(0, maxBatch);
        try {
          await write(batch);
          for (const p of batch) p.resolve();
        } catch (error) {
          for (const p of batch) p.reject(error);
        }
      }
    } finally {
      draining = false;
    }
  };

  return {
    append(input, via) {
      return new Promise<void>((resolve, reject) => {
        pending.push({ input, via, resolve, reject });
        if (!draining) void drain();
      });
    },
  };
}

function seal(batch: readonly Pending[], head: string | undefined): AuditEnvelope[] {
  let { seq, hash } = parseHead(head);
  const at = new Date();
  return batch.map(({ input, via }) => {
    seq += 1;
    const envelope = sealEntry(via.ring, input, seq, hash, at);
    hash = envelope.hash;
    return envelope;
  });
}

const shared = new Map<string, ChainWriter>();

/**
 * The one writer of a chain in this process. Every service runtime of a process (npm start
 * runs five) appends through it, so they never race each other for the head; only other
 * processes do. `chain` names the stream: the Redis target and key prefix.
 */
export function sharedChainWriter(chain: string): ChainWriter {
  let writer = shared.get(chain);
  if (!writer) {
    writer = createChainWriter();
    shared.set(chain, writer);
  }
  return writer;
}
