import { associatedData, envelopeHash, fromStored, GENESIS_HASH, parseHead } from './envelope.js';
import type { KeyRing } from './keyring.js';
import type { AuditBreakReason, AuditStore, AuditVerification, StoredEnvelope } from './types.js';

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
 * Walks the whole chain oldest first and reports the first entry whose order (sequence),
 * chain link (prev), envelope (hash) or content (AES-GCM tag, bound to its position) is not
 * what was written, then checks the recorded head so entries removed from the end show too.
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
  const broken = (
    stored: StoredEnvelope,
    sequence: number | undefined,
    reason: AuditBreakReason,
    detail: string,
  ): AuditVerification => ({
    valid: false,
    checkedEntries: checked,
    headSequence: head.seq,
    firstInvalid: { id: stored.id, sequence, reason, detail },
    verifiedAt: new Date(),
  });

  for (;;) {
    const batch = await store.forward(cursor, batchSize);
    if (batch.length === 0) break;
    for (const stored of batch) {
      cursor = stored.id;
      const e = fromStored(stored);
      if (!e)
        return broken(stored, undefined, 'CONTENT', 'the entry is malformed (a field is missing or invalid)');
      if (expectedSeq === undefined) {
        expectedSeq = trimmed ? e.seq : 1;
        prev = trimmed && e.seq > 1 ? e.prev : GENESIS_HASH;
      }
      if (e.seq !== expectedSeq) {
        return broken(
          stored,
          e.seq,
          'ORDER',
          `expected sequence ${expectedSeq} here, found ${e.seq} (entries removed or reordered)`,
        );
      }
      if (e.prev !== prev)
        return broken(stored, e.seq, 'CHAIN', 'does not link to the hash of the entry before it');
      if (envelopeHash(e) !== e.hash)
        return broken(stored, e.seq, 'CONTENT', 'the stored fields do not match the entry hash');
      if (!ring.has(e.kid))
        return broken(
          stored,
          e.seq,
          'UNKNOWN_KEY',
          `encrypted under key ${e.kid}, which is not in the key ring`,
        );
      try {
        ring.open(e, associatedData(e.seq, e.ts, e.prev));
      } catch {
        return broken(stored, e.seq, 'CONTENT', 'the encrypted content fails authentication (altered)');
      }
      checked += 1;
      prev = e.hash;
      expectedSeq += 1;
    }
  }
  const lastSeq = expectedSeq === undefined ? 0 : expectedSeq - 1;
  if (head.seq !== lastSeq || (lastSeq > 0 && head.hash !== prev)) {
    return {
      valid: false,
      checkedEntries: checked,
      headSequence: head.seq,
      firstInvalid: {
        id: cursor ?? '',
        sequence: lastSeq + 1,
        reason: 'MISSING',
        detail: `the chain head records sequence ${head.seq} but the stream ends at ${lastSeq}`,
      },
      verifiedAt: new Date(),
    };
  }
  return { valid: true, checkedEntries: checked, headSequence: head.seq, verifiedAt: new Date() };
}
