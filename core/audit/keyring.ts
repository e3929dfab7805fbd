import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { AuditKey } from '../config/index.js';

export interface Sealed {
  kid: string;
  iv: string;
  tag: string;
  ct: string;
}

export class UnknownKeyError extends Error {
  constructor(readonly kid: string) {
    super(`audit key ${kid} is not in the key ring`);
    this.name = 'UnknownKeyError';
  }
}

/**
 * AES-256-GCM under a key ring. New entries use the active key; every key of the ring can
 * still open what it sealed, so rotating means adding a key and switching the active id —
 * history is never rewritten. The associated data binds a ciphertext to its place in the chain.
 */
export function createKeyRing(keys: readonly Readonly<AuditKey>[], activeKeyId: string) {
  const ring = new Map(keys.map((k) => [k.id, Buffer.from(k.secret, 'base64')]));
  const active = ring.get(activeKeyId);
  if (!active || active.length !== 32)
    throw new Error(`audit: active key ${activeKeyId} is missing or not 32 bytes`);
  return {
    activeKeyId,
    has: (kid: string) => ring.has(kid),
    seal(plaintext: string, aad: string): Sealed {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', active, iv);
      cipher.setAAD(Buffer.from(aad, 'utf8'));
      const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return {
        kid: activeKeyId,
        iv: iv.toString('base64'),
        tag: cipher.getAuthTag().toString('base64'),
        ct: ct.toString('base64'),
      };
    },
    /** Throws UnknownKeyError, or the GCM error when content, tag or associated data changed. */
    open({ kid, iv, tag, ct }: Sealed, aad: string): string {
      const key = ring.get(kid);
      if (!key) throw new UnknownKeyError(kid);
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
      decipher.setAAD(Buffer.from(aad, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(ct, 'base64')), decipher.final()]).toString('utf8');
    },
  };
}

export type KeyRing = ReturnType<typeof createKeyRing>;
