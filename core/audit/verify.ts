import { associatedData, envelopeHash, fromStored, GENESIS_HASH, parseHead } from './envelope.js';
import type { KeyRing } from './keyring.js';
import type {
  AuditBreakReason,
  AuditEnvelope,
  AuditStore,
  AuditVerification,
  StoredEnvelope,
} from './types.js';

export interface VerifyOptions {
  /**
   * The stream is capped (AUDIT_MAX_ENTRIES): its first entry may legitimately be later than
   * sequence 1, and then anchors the walk. Otherwise a missing start is reported. @default false
   */
  trimmed?: boolean;
  /** Entries read per round trip. @default 500 */
  batchSize?: number;
}

/**
 * Walks the chain oldest first and reports the first entry whose order (sequence), chain link
 * (prev), envelope (hash) or content (AES-GCM tag, bound to its position) is not what was
 * written. The head read first is the snapshot verified: the walk stops at its sequence, whose
 * hash must be the head's, and ignores entries appended meanwhile (entry and head are written
 * by one atomic script, so every entry up to the head was in the stream when it was read). A
 * stream that ends before the head's sequence lost entries at its end (`MISSING`).
 */
export async function verifyChain(
  store: AuditStore,
  ring: KeyRing,
  { trimmed = false, batchSize = 500 }: VerifyOptions = {},
): Promise<AuditVerification> {
  const head = parseHead(await store.head());
  let checked = 0;
  let expectedSeq: number | undefined;
  let prev = GENESIS_HASH;
  let cursor: string | undefined;
  const result = (firstInvalid?: AuditVerification['firstInvalid']): AuditVerification => ({
    valid: firstInvalid === undefined,
    checkedEntries: checked,
    headSequence: head.seq,
    ...(firstInvalid ? { firstInvalid } : {}),
    verifiedAt: new Date(),
  });
  const broken = (id: string, sequence: number | undefined, reason: AuditBreakReason, detail: string) =>
    result({ id, sequence, reason, detail });

  while (expectedSeq === undefined || expectedSeq <= head.seq) {
    const batch = await store.forward(cursor, batchSize);
    if (batch.length === 0) break;
    for (const stored of batch) {
      cursor = stored.id;
      const e = fromStored(stored);
      if (!e)
        return broken(
          stored.id,
          undefined,
          'CONTENT',
          'the entry is malformed (a field is missing or invalid)',
        );
      if (expectedSeq === undefined) {
        // The head was empty, yet the stream has entries: appended since, or the head was removed.
        if (head.seq === 0) return (await store.head()) === undefined ? headless(stored, e.seq) : result();
        expectedSeq = trimmed ? e.seq : 1;
        prev = trimmed && e.seq > 1 ? e.prev : GENESIS_HASH;
      }
      const problem = check(e, expectedSeq, prev, ring);
      if (problem) return broken(stored.id, problem.sequence, problem.reason, problem.detail);
      checked += 1;
      prev = e.hash;
      if (e.seq === head.seq) {
        return e.hash === head.hash
          ? result()
          : broken(
              stored.id,
              e.seq,
              'CHAIN',
              'differs from the entry the chain head records (the end was rewritten)',
            );
      }
      expectedSeq += 1;
    }
  }
  if (head.seq === 0) return result();
  const lastSeq = expectedSeq === undefined ? 0 : expectedSeq - 1;
  return broken(
    cursor ?? '',
    lastSeq + 1,
    'MISSING',
    `the chain head records sequence ${head.seq} but the stream ends at ${lastSeq}`,
  );

  function headless(stored: StoredEnvelope, seq: number) {
    return broken(stored.id, seq, 'MISSING', 'the stream has entries but the chain head is missing');
  }
}

/** The first thing wrong with one entry, where the walk expects `seq` linked to `prev`. */
function check(
  e: AuditEnvelope,
  seq: number,
  prev: string,
  ring: KeyRing,
): { sequence: number; reason: AuditBreakReason; detail: string } | undefined {
  if (e.seq !== seq) {
    return {
      sequence: e.seq,
      reason: 'ORDER',
      detail: `expected sequence ${seq} here, found ${e.seq} (entries removed or reordered)`,
    };
  }
  if (e.prev !== prev)
    return { sequence: e.seq, reason: 'CHAIN', detail: 'does not link to the hash of the entry before it' };
  if (envelopeHash(e) !== e.hash)
    return { sequence: e.seq, reason: 'CONTENT', detail: 'the stored fields do not match the entry hash' };
  if (!ring.has(e.kid)) {
    return {
      sequence: e.seq,
      reason: 'UNKNOWN_KEY',
      detail: `encrypted under key ${e.kid}, which is not in the key ring`,
    };
  }
  try {
    ring.open(e, associatedData(e.seq, e.ts, e.prev));
  } catch {
    return {
      sequence: e.seq,
      reason: 'CONTENT',
      detail: 'the encrypted content fails authentication (altered)',
    };
  }
  return undefined;
}
