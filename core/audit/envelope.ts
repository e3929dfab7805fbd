import { createHash } from 'node:crypto';
import type { KeyRing } from './keyring.js';
import type { AuditEntryInput, AuditEnvelope, StoredEnvelope } from './types.js';

/** `prev` of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** What the ciphertext is bound to: moving it elsewhere in the chain breaks decryption. */
export const associatedData = (seq: number, ts: string, prev: string) => `resync-audit|${seq}|${ts}|${prev}`;

/** The chained hash covers every stored field, so any edit of the envelope changes it. */
export function envelopeHash(e: Omit<AuditEnvelope, 'hash'>): string {
  return createHash('sha256').update([e.seq, e.ts, e.kid, e.iv, e.tag, e.ct, e.prev].join('|')).digest('hex');
}

export function sealEntry(
  ring: KeyRing,
  input: AuditEntryInput,
  seq: number,
  prev: string,
  at = new Date(),
): AuditEnvelope {
  const ts = at.toISOString();
  const sealed = ring.seal(JSON.stringify(input), associatedData(seq, ts, prev));
  const body = { seq, ts, prev, ...sealed };
  return { ...body, hash: envelopeHash(body) };
}

export const headOf = (e: Pick<AuditEnvelope, 'seq' | 'hash'>) => `${e.seq}:${e.hash}`;

export function parseHead(head: string | undefined): { seq: number; hash: string } {
  if (head === undefined) return { seq: 0, hash: GENESIS_HASH };
  const [seq, hash] = head.split(':');
  return { seq: Number(seq), hash: hash ?? GENESIS_HASH };
}

/** Stream fields as written (flat string pairs). */
export function toFields(e: AuditEnvelope): string[] {
  return [
    'seq',
    String(e.seq),
    'ts',
    e.ts,
    'kid',
    e.kid,
    'iv',
    e.iv,
    'tag',
    e.tag,
    'ct',
    e.ct,
    'prev',
    e.prev,
    'hash',
    e.hash,
  ];
}

/** Reads an envelope back; undefined when a field is missing or malformed. */
export function fromStored({ fields }: StoredEnvelope): AuditEnvelope | undefined {
  const { seq, ts, kid, iv, tag, ct, prev, hash } = fields;
  if ([seq, ts, kid, iv, tag, ct, prev, hash].some((v) => typeof v !== 'string')) return undefined;
  const n = Number(seq);
  if (!Number.isSafeInteger(n) || n < 1) return undefined;
  return { seq: n, ts: ts!, kid: kid!, iv: iv!, tag: tag!, ct: ct!, prev: prev!, hash: hash! };
}
