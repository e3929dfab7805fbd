import { createHash } from 'node:crypto';
import { z } from 'zod';
import { optionalString, type EnvOf } from './helpers.js';

/**
 * Used only outside production when AUDIT_KEYS is unset, so `npm start` audits with no setup.
 * Anyone can derive it: health reports it as a development default.
 */
export const DEVELOPMENT_AUDIT_KEY_ID = 'dev';
const DEVELOPMENT_AUDIT_KEY = createHash('sha256')
  .update('resync-development-audit-key-do-not-use-in-production')
  .digest('base64');

export const auditEnv = {
  /**
   * The key ring: `kid:base64key,kid:base64key`, each key 32 bytes (AES-256). Old keys stay in
   * the ring so entries written under them remain readable after a rotation.
   */
  AUDIT_KEYS: optionalString(),
  /** Key id new entries are encrypted with. @default the last key of AUDIT_KEYS */
  AUDIT_ACTIVE_KEY_ID: optionalString(),
  /** Approximate cap of the Redis stream (XADD MAXLEN ~). 0 keeps every entry. */
  AUDIT_MAX_ENTRIES: z.coerce.number().int().min(0).default(0),
};

type AuditEnv = EnvOf<typeof auditEnv>;

/** One key of the ring. Base64 text, not a Buffer: the config is deep-frozen and typed arrays cannot be. */
export interface AuditKey {
  id: string;
  /** base64 of 32 bytes; named `secret` so the logger's redaction hides it. */
  secret: string;
}

const KEY_ID = /^[A-Za-z0-9_.-]{1,32}$/;

export function buildAuditConfig(env: AuditEnv, production: boolean, problems: string[]) {
  const keys: AuditKey[] = [];
  if (env.AUDIT_KEYS !== undefined) {
    const entries = env.AUDIT_KEYS.split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
    // Set but only separators (`AUDIT_KEYS=,`): there is no key to encrypt with.
    if (entries.length === 0) problems.push('AUDIT_KEYS: no key given (expected kid:base64key,...)');
    for (const entry of entries) {
      const colon = entry.indexOf(':');
      const id = colon < 0 ? '' : entry.slice(0, colon);
      // Never echo the key material in a problem message.
      if (!KEY_ID.test(id)) {
        problems.push('AUDIT_KEYS: each entry must be kid:base64key with a kid of [A-Za-z0-9_.-]{1,32}');
        continue;
      }
      const key = Buffer.from(entry.slice(colon + 1), 'base64');
      if (key.length !== 32)
        problems.push(`AUDIT_KEYS: key ${id} must decode to 32 bytes (got ${key.length})`);
      else if (keys.some((k) => k.id === id)) problems.push(`AUDIT_KEYS: key id ${id} appears twice`);
      else keys.push({ id, secret: key.toString('base64') });
    }
  }
  const usingDevelopmentKey = env.AUDIT_KEYS === undefined;
  if (usingDevelopmentKey) {
    if (production)
      problems.push('AUDIT_KEYS: required when NODE_ENV=production (kid:base64 of 32 random bytes)');
    keys.push({ id: DEVELOPMENT_AUDIT_KEY_ID, secret: DEVELOPMENT_AUDIT_KEY });
  }
  const activeKeyId = env.AUDIT_ACTIVE_KEY_ID ?? keys[keys.length - 1]?.id ?? DEVELOPMENT_AUDIT_KEY_ID;
  if (keys.length > 0 && !keys.some((k) => k.id === activeKeyId)) {
    problems.push(`AUDIT_ACTIVE_KEY_ID: ${activeKeyId} is not in AUDIT_KEYS`);
  }
  return { keys, activeKeyId, usingDevelopmentKey, maxEntries: env.AUDIT_MAX_ENTRIES };
}
