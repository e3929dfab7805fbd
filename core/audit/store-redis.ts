import type { RedisClient } from '../redis/index.js';
import { toFields } from './envelope.js';
import type { AuditEnvelope, AuditStore, StoredEnvelope } from './types.js';

/**
 * Appends only if the chain head is still the one the entry was chained to, so several
 * processes (each subgraph) can share one stream without forking the chain. Both keys carry
 * the `{audit}` hash tag: on a Redis Cluster they live in one slot, as a script requires.
 */
const APPEND_IF_HEAD = `
local current = redis.call('GET', KEYS[2])
if current == false then current = '' end
if current ~= ARGV[1] then return false end
local id
if tonumber(ARGV[3]) > 0 then
  id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[3], '*', unpack(ARGV, 4))
else
  id = redis.call('XADD', KEYS[1], '*', unpack(ARGV, 4))
end
redis.call('SET', KEYS[2], ARGV[2])
return id
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
    async appendIfHead(expectedHead, envelope: AuditEnvelope, newHead) {
      const id = (await redis.eval(
        APPEND_IF_HEAD,
        2,
        keys.stream,
        keys.head,
        expectedHead ?? '',
        newHead,
        String(maxEntries),
        ...toFields(envelope),
      )) as string | null;
      return id ?? undefined;
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
