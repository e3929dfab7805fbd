/** Argument names whose values never reach the audit trail. */
const SECRET_KEY = /pass(word)?|secret|token|authori[sz]ation|api[-_]?key|credential|cookie|private/i;

export interface SanitizeOptions {
  /** Longer strings are cut (document bodies, prompts). @default 256 */
  maxString?: number;
  /** Deeper values become "[…]". @default 5 */
  maxDepth?: number;
  /** Longer arrays and objects are cut. @default 25 */
  maxItems?: number;
}

/**
 * A JSON-safe, bounded copy of GraphQL arguments for the audit trail: secrets redacted by
 * key, long strings and collections cut with a marker, so one ingestion of a large document
 * cannot bloat the stream and a password argument is never stored.
 */
export function sanitizeArguments(value: unknown, options: SanitizeOptions = {}): unknown {
  const { maxString = 256, maxDepth = 5, maxItems = 25 } = options;
  const walk = (v: unknown, depth: number): unknown => {
    if (v === null || v === undefined) return null;
    if (typeof v === 'string')
      return v.length > maxString ? `${v.slice(0, maxString)}…(${v.length} chars)` : v;
    if (typeof v === 'number' || typeof v === 'boolean') return v;
    if (typeof v === 'bigint') return v.toString();
    if (v instanceof Date) return v.toISOString();
    if (depth >= maxDepth) return '[…]';
    if (Array.isArray(v)) {
      const items = v.slice(0, maxItems).map((item) => walk(item, depth + 1));
      return v.length > maxItems ? [...items, `…(${v.length - maxItems} more)`] : items;
    }
    if (typeof v === 'object') {
      const out: Record<string, unknown> = {};
      const entries = Object.entries(v as Record<string, unknown>);
      for (const [key, item] of entries.slice(0, maxItems))
        out[key] = SECRET_KEY.test(key) ? '[REDACTED]' : walk(item, depth + 1);
      if (entries.length > maxItems) out['…'] = `${entries.length - maxItems} more keys`;
      return out;
    }
    return String(v);
  };
  return walk(value, 0);
}
