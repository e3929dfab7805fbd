import type { RedisClient } from '../../../core/redis/index.js';
import type { Proposal } from '../model.js';
import { parseJson, redisCall } from './redis-call.js';

/**
 * Proposed actions, each expiring on its own. `take` removes atomically (GETDEL), so an
 * action runs at most once even when two approvals race.
 */
export interface ProposalStore {
  readonly kind: 'redis' | 'memory';
  save(proposal: Proposal, ttlSeconds: number): Promise<void>;
  get(actionId: string): Promise<Proposal | undefined>;
  take(actionId: string): Promise<Proposal | undefined>;
  /** Still-pending proposals of one conversation, oldest first. */
  pending(conversationId: string): Promise<Proposal[]>;
}

export function createRedisProposalStore(redis: RedisClient, keyPrefix: string): ProposalStore {
  const key = (id: string) => `${keyPrefix}agents:proposal:${id}`;
  const byConversation = (id: string) => `${keyPrefix}agents:conv:${id}:proposals`;
  return {
    kind: 'redis',
    async save(proposal, ttlSeconds) {
      // Separate commands, not MULTI: the keys live in different Redis Cluster slots.
      await redisCall('save proposal', () =>
        Promise.all([
          redis.set(key(proposal.actionId), JSON.stringify(proposal), 'EX', ttlSeconds),
          redis.sadd(byConversation(proposal.conversationId), proposal.actionId),
          redis.expire(byConversation(proposal.conversationId), ttlSeconds),
        ]),
      );
    },
    async get(actionId) {
      return parseJson<Proposal>(await redisCall('read proposal', () => redis.get(key(actionId))));
    },
    async take(actionId) {
      const proposal = parseJson<Proposal>(
        await redisCall('take proposal', () => redis.getdel(key(actionId))),
      );
      if (proposal)
        await redisCall('take proposal', () => redis.srem(byConversation(proposal.conversationId), actionId));
      return proposal;
    },
    async pending(conversationId) {
      const ids = await redisCall('list proposals', () => redis.smembers(byConversation(conversationId)));
      if (ids.length === 0) return [];
      // One GET per id: MGET needs every key in one Cluster slot.
      const values = await redisCall('list proposals', () =>
        Promise.all(ids.map((id) => redis.get(key(id)))),
      );
      const expired = ids.filter((_, i) => values[i] === null);
      if (expired.length > 0)
        await redisCall('list proposals', () => redis.srem(byConversation(conversationId), ...expired));
      return values
        .map((v) => parseJson<Proposal>(v))
        .filter((p): p is Proposal => p !== undefined)
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    },
  };
}

export function createMemoryProposalStore(): ProposalStore {
  const proposals = new Map<string, { proposal: Proposal; expiresAt: number }>();
  const live = (id: string) => {
    const entry = proposals.get(id);
    if (entry && entry.expiresAt <= Date.now()) proposals.delete(id);
    return proposals.get(id)?.proposal;
  };
  return {
    kind: 'memory',
    async save(proposal, ttlSeconds) {
      proposals.set(proposal.actionId, {
        proposal: structuredClone(proposal),
        expiresAt: Date.now() + ttlSeconds * 1000,
      });
    },
    async get(actionId) {
      const p = live(actionId);
      return p ? structuredClone(p) : undefined;
    },
    async take(actionId) {
      const p = live(actionId);
      proposals.delete(actionId);
      return p;
    },
    async pending(conversationId) {
      return [...proposals.keys()]
        .map(live)
        .filter((p): p is Proposal => p !== undefined && p.conversationId === conversationId)
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    },
  };
}
