import { createAuditLog, createKeyRing, createMemoryAuditStore } from '../../../core/audit/index.js';
import { configFrom } from '../../../core/config/index.js';
import { createProviderChain, type ChatProvider } from '../../../core/llm/index.js';
import { silentLogger } from '../../../core/logger.js';
import { createMetricsRegistry } from '../../../core/metrics.js';
import { createAgentService } from '../../../subgraphs/agents/agent-service.js';
import type { ChatEvent } from '../../../subgraphs/agents/chat/events.js';
import { createChatService } from '../../../subgraphs/agents/chat/service.js';
import type { Caller } from '../../../subgraphs/agents/model.js';
import { seededAgents } from '../../../subgraphs/agents/seeds.js';
import { createMemoryAgentStore } from '../../../subgraphs/agents/stores/agent-store.js';
import { createMemoryConversationStore } from '../../../subgraphs/agents/stores/conversation-store.js';
import { createMemoryProposalStore } from '../../../subgraphs/agents/stores/proposal-store.js';

const alice: Caller = { sub: 'alice', roles: ['viewer'], authorization: 'Bearer t', requestId: 'r' };

const instant: ChatProvider = {
  name: 'instant',
  model: 'm',
  kind: 'local',
  async chat() {
    const usage = { promptTokens: 1, completionTokens: 1, totalTokens: 2, estimated: false };
    return { provider: 'instant', model: 'm', text: 'ok', toolCalls: [], finishReason: 'stop', usage };
  },
};

async function service(maxConcurrent: number) {
  const limits = configFrom({ AGENTS_MAX_CONCURRENT_CHATS: String(maxConcurrent) }).agents;
  const registry = createMetricsRegistry('test', { defaults: false });
  const agentStore = createMemoryAgentStore();
  await agentStore.seed(seededAgents());
  return createChatService({
    limits,
    conversations: createMemoryConversationStore({ historyMessages: 20, ttlSeconds: 60 }),
    proposals: createMemoryProposalStore(),
    chain: createProviderChain({ remotes: [], local: instant, registry, logger: silentLogger() }),
    tools: { run: () => Promise.reject(new Error('no tools here')) },
    audit: createAuditLog({
      store: createMemoryAuditStore(`chat-service-${Math.random()}:`),
      ring: createKeyRing([{ id: 'k', secret: Buffer.alloc(32, 2).toString('base64') }], 'k'),
      logger: silentLogger(),
      registry,
      usingDevelopmentKey: false,
    }),
    logger: silentLogger(),
    agents: createAgentService(agentStore),
    registry,
  });
}

async function drain(stream: AsyncIterableIterator<ChatEvent>): Promise<string[]> {
  const types: string[] = [];
  for await (const event of stream) types.push(event.__typename);
  return types;
}

describe('chat service: concurrent chats per user', () => {
  it('lets only the allowed number of simultaneous subscribes through', async () => {
    const chat = await service(2);
    const starts = await Promise.allSettled(
      Array.from({ length: 5 }, () => chat.start(alice, { agentId: 'general', message: 'hi' })),
    );
    const started = starts.filter((s) => s.status === 'fulfilled');
    expect(started).toHaveLength(2);
    for (const s of starts.filter((s) => s.status === 'rejected'))
      expect((s as PromiseRejectedResult).reason).toMatchObject({ code: 'RATE_LIMITED' });
    for (const s of started)
      expect(await drain((s as PromiseFulfilledResult<AsyncIterableIterator<ChatEvent>>).value)).toContain(
        'ChatCompleted',
      );
  });

  it('frees the slot when a turn ends, and when a start is refused after the check', async () => {
    const chat = await service(1);
    await expect(chat.start(alice, { agentId: 'nobody', message: 'hi' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(
      chat.start(alice, { agentId: 'general', message: 'hi', conversationId: 'someone-elses' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await drain(await chat.start(alice, { agentId: 'general', message: 'hi' }))).toContain(
      'ChatCompleted',
    );
    expect(await drain(await chat.start(alice, { agentId: 'general', message: 'again' }))).toContain(
      'ChatCompleted',
    );
  });
});
