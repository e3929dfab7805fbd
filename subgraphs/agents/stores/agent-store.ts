import type { RedisClient } from '../../../core/redis/index.js';
import type { AgentDefinition } from '../model.js';
import { parseJson, redisCall } from './redis-call.js';

/** Agent definitions: one Redis hash (id → JSON), or a Map without Redis. */
export interface AgentStore {
  readonly kind: 'redis' | 'memory';
  list(): Promise<AgentDefinition[]>;
  get(id: string): Promise<AgentDefinition | undefined>;
  /** Adds a definition; false when the id is taken. */
  create(agent: AgentDefinition): Promise<boolean>;
  put(agent: AgentDefinition): Promise<void>;
  delete(id: string): Promise<boolean>;
  /** Writes each definition only if its id is absent, so edits of seeded agents survive restarts. */
  seed(agents: readonly AgentDefinition[]): Promise<void>;
}

const byName = (a: AgentDefinition, b: AgentDefinition) =>
  Number(b.builtIn) - Number(a.builtIn) || a.name.localeCompare(b.name);

export function createRedisAgentStore(redis: RedisClient, keyPrefix: string): AgentStore {
  const key = `${keyPrefix}agents:definitions`;
  return {
    kind: 'redis',
    async list() {
      const all = await redisCall('list agents', () => redis.hvals(key));
      return all
        .map((text) => parseJson<AgentDefinition>(text))
        .filter((a): a is AgentDefinition => a !== undefined)
        .sort(byName);
    },
    async get(id) {
      return parseJson<AgentDefinition>(await redisCall('read agent', () => redis.hget(key, id)));
    },
    async create(agent) {
      return (
        (await redisCall('create agent', () => redis.hsetnx(key, agent.id, JSON.stringify(agent)))) === 1
      );
    },
    async put(agent) {
      await redisCall('update agent', () => redis.hset(key, agent.id, JSON.stringify(agent)));
    },
    async delete(id) {
      return (await redisCall('delete agent', () => redis.hdel(key, id))) === 1;
    },
    async seed(agents) {
      for (const agent of agents)
        await redisCall('seed agents', () => redis.hsetnx(key, agent.id, JSON.stringify(agent)));
    },
  };
}

export function createMemoryAgentStore(): AgentStore {
  const agents = new Map<string, AgentDefinition>();
  const copy = (a: AgentDefinition | undefined) => (a === undefined ? undefined : structuredClone(a));
  return {
    kind: 'memory',
    async list() {
      return [...agents.values()].map((a) => structuredClone(a)).sort(byName);
    },
    async get(id) {
      return copy(agents.get(id));
    },
    async create(agent) {
      if (agents.has(agent.id)) return false;
      agents.set(agent.id, structuredClone(agent));
      return true;
    },
    async put(agent) {
      agents.set(agent.id, structuredClone(agent));
    },
    async delete(id) {
      return agents.delete(id);
    },
    async seed(list) {
      for (const agent of list) if (!agents.has(agent.id)) agents.set(agent.id, structuredClone(agent));
    },
  };
}
