import type { LlmUsage } from '../../../core/llm/index.js';
import type { RedisClient } from '../../../core/redis/index.js';
import type { Conversation, ConversationMeta, StoredMessage } from '../model.js';
import { parseJson, redisCall } from './redis-call.js';

export interface ConversationPage {
  items: ConversationMeta[];
  /** The paging cursor of each item (pass one as `after`). */
  cursors: string[];
  totalCount: number;
  hasNextPage: boolean;
  /** Offset cursor of the last item. */
  endCursor: string | undefined;
}

/** What one turn (or an action outcome) adds to a conversation. */
export interface ConversationUpdate {
  messages: readonly StoredMessage[];
  /** User turns added (1 for a chat turn, 0 for an action outcome). */
  turns: number;
  usage?: LlmUsage;
  at: string;
}

/**
 * Conversations per user. Messages are trimmed to the newest `historyMessages`; every key
 * expires after `ttlSeconds` without activity.
 */
export interface ConversationStore {
  readonly kind: 'redis' | 'memory';
  create(meta: ConversationMeta): Promise<void>;
  meta(id: string): Promise<ConversationMeta | undefined>;
  /** The conversation with its newest `last` messages, oldest first. */
  get(id: string, last: number): Promise<Conversation | undefined>;
  append(id: string, owner: string, update: ConversationUpdate): Promise<void>;
  /** Most recent first; `owner` undefined lists everyone's (admin). */
  list(owner: string | undefined, first: number, after: string | undefined): Promise<ConversationPage>;
}

export interface ConversationStoreLimits {
  historyMessages: number;
  ttlSeconds: number;
}

const offsetOf = (cursor: string | undefined) => {
  if (cursor === undefined) return 0;
  const n = Number(Buffer.from(cursor, 'base64url').toString('utf8').replace(/^o:/, ''));
  return Number.isSafeInteger(n) && n >= 0 ? n + 1 : 0;
};
const cursorOf = (offset: number) => Buffer.from(`o:${offset}`, 'utf8').toString('base64url');

export function createRedisConversationStore(
  redis: RedisClient,
  keyPrefix: string,
  limits: ConversationStoreLimits,
): ConversationStore {
  const metaKey = (id: string) => `${keyPrefix}agents:conv:${id}`;
  const messagesKey = (id: string) => `${keyPrefix}agents:conv:${id}:messages`;
  const ownerIndex = (owner: string) => `${keyPrefix}agents:user:${owner}:convs`;
  const allIndex = `${keyPrefix}agents:convs`;

  const readMeta = async (id: string): Promise<ConversationMeta | undefined> => {
    const h = await redisCall('read conversation', () => redis.hgetall(metaKey(id)));
    if (!h['id']) return undefined;
    return {
      id: h['id'],
      agentId: h['agentId'] ?? '',
      owner: h['owner'] ?? '',
      title: h['title'] ?? '',
      createdAt: h['createdAt'] ?? '',
      updatedAt: h['updatedAt'] ?? '',
      turns: Number(h['turns'] ?? 0),
      usage: {
        promptTokens: Number(h['promptTokens'] ?? 0),
        completionTokens: Number(h['completionTokens'] ?? 0),
        totalTokens: Number(h['totalTokens'] ?? 0),
        estimated: h['estimated'] === '1',
      },
    };
  };

  return {
    kind: 'redis',
    async create(meta) {
      const score = Date.parse(meta.updatedAt);
      // Separate commands, not MULTI: the keys live in different Redis Cluster slots.
      await redisCall('create conversation', () =>
        Promise.all([
          redis.hset(metaKey(meta.id), {
            id: meta.id,
            agentId: meta.agentId,
            owner: meta.owner,
            title: meta.title,
            createdAt: meta.createdAt,
            updatedAt: meta.updatedAt,
            turns: meta.turns,
            promptTokens: 0,
            completionTokens: 0,
            totalTokens: 0,
            estimated: 0,
          }),
          redis.expire(metaKey(meta.id), limits.ttlSeconds),
          redis.zadd(ownerIndex(meta.owner), score, meta.id),
          redis.zadd(allIndex, score, meta.id),
        ]),
      );
    },
    meta: readMeta,
    async get(id, last) {
      const meta = await readMeta(id);
      if (!meta) return undefined;
      const raw =
        last > 0 ? await redisCall('read messages', () => redis.lrange(messagesKey(id), -last, -1)) : [];
      const messages = raw
        .map((m) => parseJson<StoredMessage>(m))
        .filter((m): m is StoredMessage => m !== undefined);
      return { ...meta, messages };
    },
    async append(id, owner, { messages, turns, usage, at }) {
      const score = Date.parse(at);
      // Counters move with HINCRBY so two writers (a turn and an approval) cannot lose updates.
      // Separate commands, not MULTI: the keys live in different Redis Cluster slots.
      const meta = metaKey(id);
      const list = messagesKey(id);
      await redisCall('save conversation', async () => {
        if (messages.length > 0) {
          await redis.rpush(list, ...messages.map((m) => JSON.stringify(m)));
          await redis.ltrim(list, -limits.historyMessages, -1);
        }
        await Promise.all([
          redis.hset(meta, 'updatedAt', at),
          turns ? redis.hincrby(meta, 'turns', turns) : undefined,
          usage ? redis.hincrby(meta, 'promptTokens', usage.promptTokens) : undefined,
          usage ? redis.hincrby(meta, 'completionTokens', usage.completionTokens) : undefined,
          usage ? redis.hincrby(meta, 'totalTokens', usage.totalTokens) : undefined,
          usage?.estimated ? redis.hset(meta, 'estimated', 1) : undefined,
          redis.expire(meta, limits.ttlSeconds),
          redis.expire(list, limits.ttlSeconds),
          redis.zadd(ownerIndex(owner), score, id),
          redis.zadd(allIndex, score, id),
        ]);
      });
    },
    async list(owner, first, after) {
      const index = owner === undefined ? allIndex : ownerIndex(owner);
      const start = offsetOf(after);
      const [ids, total] = await redisCall('list conversations', () =>
        Promise.all([redis.zrevrange(index, start, start + first), redis.zcard(index)]),
      );
      // All metas at once (one round trip's worth, not one per id): HGETALLs on keys of
      // different Cluster slots, so no MULTI or single pipeline.
      const page = ids.slice(0, first);
      const metas = await Promise.all(page.map((id) => readMeta(id)));
      const items: ConversationMeta[] = [];
      const cursors: string[] = [];
      const expired: string[] = [];
      for (const [i, meta] of metas.entries()) {
        if (meta) {
          items.push(meta);
          cursors.push(cursorOf(start + i));
        } else expired.push(page[i]!);
      }
      // Expired conversations leave their index entry behind; drop them lazily.
      if (expired.length > 0) await redisCall('clean index', () => redis.zrem(index, ...expired));
      return {
        items,
        cursors,
        totalCount: total,
        hasNextPage: ids.length > first,
        endCursor: ids.length === 0 ? undefined : cursorOf(start + Math.min(ids.length, first) - 1),
      };
    },
  };
}

export function createMemoryConversationStore(limits: ConversationStoreLimits): ConversationStore {
  const conversations = new Map<string, Conversation & { expiresAt: number }>();
  const live = (id: string) => {
    const c = conversations.get(id);
    if (c && c.expiresAt < Date.now()) conversations.delete(id);
    return conversations.get(id);
  };
  const metaOf = ({
    messages: _m,
    expiresAt: _e,
    ...meta
  }: Conversation & { expiresAt: number }): ConversationMeta => structuredClone(meta);
  return {
    kind: 'memory',
    async create(meta) {
      conversations.set(meta.id, {
        ...structuredClone(meta),
        messages: [],
        expiresAt: Date.now() + limits.ttlSeconds * 1000,
      });
    },
    async meta(id) {
      const c = live(id);
      return c ? metaOf(c) : undefined;
    },
    async get(id, last) {
      const c = live(id);
      return c
        ? { ...metaOf(c), messages: last > 0 ? structuredClone(c.messages.slice(-last)) : [] }
        : undefined;
    },
    async append(id, _owner, { messages, turns, usage, at }) {
      const c = live(id);
      if (!c) return;
      c.messages.push(...structuredClone(messages));
      if (c.messages.length > limits.historyMessages)
        c.messages.splice(0, c.messages.length - limits.historyMessages);
      c.updatedAt = at;
      c.turns += turns;
      if (usage) {
        c.usage = {
          promptTokens: c.usage.promptTokens + usage.promptTokens,
          completionTokens: c.usage.completionTokens + usage.completionTokens,
          totalTokens: c.usage.totalTokens + usage.totalTokens,
          estimated: c.usage.estimated || usage.estimated,
        };
      }
      c.expiresAt = Date.now() + limits.ttlSeconds * 1000;
    },
    async list(owner, first, after) {
      const all = [...conversations.keys()]
        .map((id) => live(id))
        .filter(
          (c): c is Conversation & { expiresAt: number } =>
            c !== undefined && (owner === undefined || c.owner === owner),
        )
        .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
      const start = offsetOf(after);
      const page = all.slice(start, start + first);
      return {
        items: page.map(metaOf),
        cursors: page.map((_, i) => cursorOf(start + i)),
        totalCount: all.length,
        hasNextPage: all.length > start + first,
        endCursor: page.length === 0 ? undefined : cursorOf(start + page.length - 1),
      };
    },
  };
}
