import type { RedisClient } from '../redis/index.js';
import { toFields } from './envelope.js';
import type { AuditEnvelope, AuditStore, StoredEnvelope } from './types.js';

/**
 * Appends a batch of entries (a consecutive chain, FIELDS stream fields each) and moves the
 * head to its last one, only if the chain head is still the one the batch was chained to, so
 * several processes (each subgraph) can share one stream without forking the chain. Entries
 * and head change in one script, so a reader never sees one without the other. On a conflict
 * the current head comes back (`{'conflict', head}`) and the writer chains after it at once.
 * Both keys carry the `{audit}` hash tag: on a Redis Cluster they live in one slot, as a
 * script requires.
 */
const APPEND_IF_HEAD = `
local current = redis.call('GET', KEYS[2])
if current == false then current = '' end
if current ~= ARGV[1] then return {'conflict', current} end
local width = tonumber(ARGV[4])
local cap = tonumber(ARGV[3])
for first = 5, #ARGV, width do
  if cap > 0 then
    redis.call('XADD', KEYS[1], 'MAXLEN', '~', cap, '*', unpack(ARGV, first, first + width - 1))
  else
    redis.call('XADD', KEYS[1], '*', unpack(ARGV, first, first + width - 1))
  end
end
redis.call('SET', KEYS[2], ARGV[2])
return {'ok'}
`;

export interface RedisAuditStoreOptions {
  redis: RedisClient;
  /** Deployment key prefix, e.g. `resync:`. */
  keyPrefix: string;
  /** Approximate cap of the stream; 0 keeps everything. @default 0 */
  maxEntries?: number;
}

/** Stream and head key names, exported for tests and operators. */
export function auditKeys(keyPrefix: string) {
  return { stream: `${keyPrefix}{audit}:stream`, head: `${keyPrefix}{audit}:head` };
}

type RawEntries = Array<[string, string[]]>;

const toStored = (raw: RawEntries): StoredEnvelope[] =>
  raw.map(([id, flat]) => {
    const fields: Record<string, string> = {};
    for (let i = 0; i + 1 < flat.length; i += 2) fields[flat[i]!] = flat[i + 1]!;
    return { id, fields };
  });

export function createRedisAuditStore({
  redis,
  keyPrefix,
  maxEntries = 0,
}: RedisAuditStoreOptions): AuditStore {
  const keys = auditKeys(keyPrefix);
  return {
    kind: 'redis',
    async head() {
      return (await redis.get(keys.head)) ?? undefined;
    },
    async appendIfHead(expectedHead, envelopes: readonly AuditEnvelope[], newHead) {
      const fields = envelopes.map(toFields);
      const [status, current] = (await redis.eval(
        APPEND_IF_HEAD,
        2,
        keys.stream,
        keys.head,
        expectedHead ?? '',
        newHead,
        String(maxEntries),
        String(fields[0]?.length ?? 0),
        ...fields.flat(),
      )) as [string, string | undefined];
      if (status === 'ok') return { appended: true };
      return { appended: false, head: current ? current : undefined };
    },
    async forward(afterId, count) {
      const raw = (await redis.xrange(
        keys.stream,
        afterId ? `(${afterId}` : '-',
        '+',
        'COUNT',
        count,
      )) as RawEntries;
      return toStored(raw);
    },
    async backward(beforeId, count) {
      const raw = (await redis.xrevrange(
        keys.stream,
        beforeId ? `(${beforeId}` : '+',
        '-',
        'COUNT',
        count,
      )) as RawEntries;
      return toStored(raw);
    },
    async length() {
      return redis.xlen(keys.stream);
    },
  };
}
