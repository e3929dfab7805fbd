import { toFields } from './envelope.js';
import type { AuditStore, StoredEnvelope } from './types.js';

interface MemoryStream {
  entries: StoredEnvelope[];
  head: string | undefined;
  lastMs: number;
  lastSeq: number;
}

/**
 * Without Redis, every service of this process shares one in-memory stream per key prefix
 * (npm start runs all of them in one process), so the audit trail stays one chain. It is lost
 * on restart and not shared between processes: health reports it as `in-process`.
 */
const streams = new Map<string, MemoryStream>();

export function createMemoryAuditStore(
  keyPrefix: string,
  { maxEntries = 0 }: { maxEntries?: number } = {},
): AuditStore {
  let stream = streams.get(keyPrefix);
  if (!stream) {
    stream = { entries: [], head: undefined, lastMs: 0, lastSeq: 0 };
    streams.set(keyPrefix, stream);
  }
  const s = stream;
  // Stream-style ids (`ms-seq`), strictly increasing, so cursors work as with Redis.
  const nextId = () => {
    const now = Date.now();
    if (now > s.lastMs) {
      s.lastMs = now;
      s.lastSeq = 0;
    } else s.lastSeq += 1;
    return `${s.lastMs}-${s.lastSeq}`;
  };
  const compare = (a: string, b: string) => {
    const [am, as] = a.split('-').map(Number);
    const [bm, bs] = b.split('-').map(Number);
    return am! - bm! || as! - bs!;
  };
  return {
    kind: 'memory',
    async head() {
      return s.head;
    },
    async appendIfHead(expectedHead, envelopes, newHead) {
      if (s.head !== expectedHead) return { appended: false, head: s.head };
      for (const envelope of envelopes) {
        const flat = toFields(envelope);
        const fields: Record<string, string> = {};
        for (let i = 0; i + 1 < flat.length; i += 2) fields[flat[i]!] = flat[i + 1]!;
        s.entries.push({ id: nextId(), fields });
      }
      s.head = newHead;
      if (maxEntries > 0 && s.entries.length > maxEntries) s.entries.splice(0, s.entries.length - maxEntries);
      return { appended: true };
    },
    async forward(afterId, count) {
      const start = afterId === undefined ? 0 : s.entries.findIndex((e) => compare(e.id, afterId) > 0);
      return start < 0 ? [] : s.entries.slice(start, start + count);
    },
    async backward(beforeId, count) {
      const older = beforeId === undefined ? s.entries : s.entries.filter((e) => compare(e.id, beforeId) < 0);
      return older.slice(-count).reverse();
    },
    async length() {
      return s.entries.length;
    },
  };
}

/** Tests only: the live entries of one in-memory stream, to simulate tampering. */
export function memoryAuditEntries(keyPrefix: string): StoredEnvelope[] | undefined {
  return streams.get(keyPrefix)?.entries;
}
