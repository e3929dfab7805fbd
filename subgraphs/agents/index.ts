import { buildSubgraphSchema } from '@apollo/subgraph';
import { loadSdl } from '../../core/graphql/index.js';
import { createProviderChainFromConfig, type ProviderChain } from '../../core/llm/index.js';
import { pingRedis } from '../../core/redis/index.js';
import type { ServiceRuntime } from '../../core/runtime.js';
import { startSubgraphServer, type ReadinessCheck, type RunningServer } from '../../core/server/index.js';
import { createActionService } from './actions.js';
import { createAgentService } from './agent-service.js';
import { createChatService } from './chat/service.js';
import { createOfflineResponder } from './offline/responder.js';
import { permissions } from './permissions.js';
import { createResolvers } from './resolvers.js';
import { seededAgents } from './seeds.js';
import { createMemoryAgentStore, createRedisAgentStore } from './stores/agent-store.js';
import { createMemoryConversationStore, createRedisConversationStore } from './stores/conversation-store.js';
import { createMemoryProposalStore, createRedisProposalStore } from './stores/proposal-store.js';
import { createGatewayClient } from './tools/gateway-client.js';
import { loadOperations } from './tools/operations.js';
import { createToolRunner } from './tools/runner.js';

export interface AgentsSubgraphOptions {
  /** @default config.subgraphs.agents.port */
  port?: number;
  /** @default the chain of config.llm with the offline responder last */
  chain?: ProviderChain;
}

/**
 * Starts the agents subgraph: agent definitions, conversations and proposals (Redis, or this
 * process without it), the LLM provider chain, tools through the gateway, and `chat`.
 */
export async function startAgentsSubgraph(
  runtime: ServiceRuntime,
  options: AgentsSubgraphOptions = {},
): Promise<RunningServer> {
  const { config, logger, lifecycle, registry, redis, keyPrefix, audit } = runtime;
  const limits = config.agents;
  const storeLimits = { historyMessages: limits.historyMessages, ttlSeconds: limits.conversationTtlSeconds };
  const agentStore = redis ? createRedisAgentStore(redis, keyPrefix) : createMemoryAgentStore();
  const conversations = redis
    ? createRedisConversationStore(redis, keyPrefix, storeLimits)
    : createMemoryConversationStore(storeLimits);
  const proposals = redis ? createRedisProposalStore(redis, keyPrefix) : createMemoryProposalStore();
  await seed(() => agentStore.seed(seededAgents()), runtime);

  const chain =
    options.chain ??
    createProviderChainFromConfig(config.llm, { registry, logger, local: createOfflineResponder() });
  const gateway = createGatewayClient({
    url: config.gateway.url,
    timeoutMs: limits.toolTimeoutMs,
    registry,
    logger,
  });
  const operations = loadOperations();
  const tools = createToolRunner({ gateway, operations, registry, logger });
  const agents = createAgentService(agentStore);
  const chat = createChatService({
    limits,
    conversations,
    proposals,
    chain,
    tools,
    audit,
    logger,
    agents,
    registry,
  });
  const actions = createActionService({ proposals, conversations, gateway, operations, audit, logger });

  const schema = buildSubgraphSchema({
    typeDefs: loadSdl(new URL('./schema.graphql', import.meta.url)),
    resolvers: createResolvers({
      agents,
      chat,
      actions,
      conversations,
      proposals,
      historyMessages: limits.historyMessages,
    }) as never,
  });

  return startSubgraphServer({
    name: 'agents',
    schema,
    permissions,
    host: config.host,
    port: options.port ?? config.subgraphs.agents.port,
    verifier: runtime.verifier,
    audit: runtime.audit,
    logger,
    registry,
    lifecycle,
    production: config.production,
    readiness: () => readiness(runtime, chain),
  });
}

/** Seeds the built-in agents; if Redis is down at start, keeps trying in the background. */
async function seed(write: () => Promise<void>, { logger, lifecycle }: ServiceRuntime): Promise<void> {
  try {
    await write();
  } catch (error) {
    logger.warn({ err: (error as Error).message }, 'could not seed the built-in agents yet; retrying');
    const timer = setInterval(() => {
      write().then(
        () => clearInterval(timer),
        () => undefined,
      );
    }, 5000);
    timer.unref();
    lifecycle.defer('agents seeding', () => clearInterval(timer));
  }
}

/** /readyz: where conversations live and each LLM provider (breaker state; no paid call). */
function readiness({ redis, config }: ServiceRuntime, chain: ProviderChain): ReadinessCheck[] {
  const store: ReadinessCheck = {
    name: 'conversations',
    kind: 'CACHE',
    check: async () => {
      if (!redis) {
        return {
          mode: 'in-process fallback',
          detail:
            'REDIS_URL is not set: agents, conversations and proposals live in this process and are lost on restart',
        };
      }
      await pingRedis(redis);
      return { mode: 'redis' };
    },
  };
  const providers: ReadinessCheck[] = chain.status().map((p) => ({
    name: `llm:${p.name}`,
    kind: 'LLM_PROVIDER',
    optional: true,
    check: async () => {
      if (p.kind === 'local') {
        return {
          mode: 'offline responder',
          detail:
            config.llm.providers.length === 0
              ? 'no LLM key configured (NVIDIA_API_KEY / OPENAI_API_KEY): answers are built from tool results'
              : 'last resort when every LLM provider fails',
        };
      }
      const state = chain.status().find((s) => s.name === p.name)?.state ?? 'closed';
      if (state === 'open') throw new Error(`circuit breaker open (model ${p.model})`);
      return {
        mode: `openai-compatible ${p.baseURL ?? ''}`.trim(),
        detail: `model ${p.model}`,
        degraded: state === 'halfOpen',
      };
    },
  }));
  return [store, ...providers];
}
