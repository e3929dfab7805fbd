import { createHash } from 'node:crypto';
import type { Props } from './types.js';

/**
 * A stable digest of an object's stored properties (key order and absent values do not matter).
 * A re-sync compares digests to write only what changed and to report "no change" honestly.
 */
export function fingerprint(props: Props): string {
  const canonical = Object.keys(props)
    .filter((key) => props[key] !== undefined)
    .sort()
    .map((key) => [key, props[key]]);
  return createHash('sha1').update(JSON.stringify(canonical)).digest('base64url');
}

/** The properties without absent values, as Neo4j stores them. */
export function storedProps(props: Props): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(props)) if (value !== undefined) out[key] = value;
  return out;
}
