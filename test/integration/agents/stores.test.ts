import { Redis } from 'ioredis';
import {
  emptyUsage,
  type ConversationMeta,
  type Proposal,
  type StoredMessage,
} from '../../../subgraphs/agents/model.js';
import { seededAgents } from '../../../subgraphs/agents/seeds.js';
import {
  createMemoryAgentStore,
  createRedisAgentStore,
  type AgentStore,
} from '../../../subgraphs/agents/stores/agent-store.js';
import {
  createMemoryConversationStore,
  createRedisConversationStore,
  type ConversationStore,
} from '../../../subgraphs/agents/stores/conversation-store.js';
import {
  createMemoryProposalStore,
  createRedisProposalStore,
  type ProposalStore,
} from '../../../subgraphs/agents/stores/proposal-store.js';
import { deleteRedisKeys, Disposer, testRedisUrl, uniquePrefix } from '../../harness/services.js';

const disposer = new Disposer();
afterAll(() => disposer.disposeAll());

const limits = { historyMessages: 5, ttlSeconds: 60 };

/** Each store is exercised on real Redis and on its in-process fallback: they must agree. */
function backends() {
  return [
    {
      name: 'redis',
      make: () => {
        const redis = disposer.add(new Redis(testRedisUrl()), (r) => r.quit());
        const prefix = `${uniquePrefix('agents')}:`;
        disposer.defer(() => deleteRedisKeys(redis, prefix));
        return {
          redis,
          prefix,
          agents: createRedisAgentStore(redis, prefix) as AgentStore,
          conversations: createRedisConversationStore(redis, prefix, limits) as ConversationStore,
          proposals: createRedisProposalStore(redis, prefix) as ProposalStore,
        };
      },
    },
    {
      name: 'memory',
      make: () => ({
        redis: undefined,
        prefix: '',
        agents: createMemoryAgentStore(),
        conversations: createMemoryConversationStore(limits),
        proposals: createMemoryProposalStore(),
      }),
    },
  ];
}

const meta = (id: string, owner: string, at: string): ConversationMeta => ({
  id,
  agentId: 'general',
  owner,
  title: `conversation ${id}`,
  createdAt: at,
  updatedAt: at,
  turns: 0,
  usage: emptyUsage(),
});

const message = (i: number): StoredMessage => ({
  id: `m${i}`,
  role: i % 2 === 0 ? 'ASSISTANT' : 'USER',
  content: `message ${i}`,
  createdAt: new Date(2026, 0, 1, 0, i).toISOString(),
});

describe.each(backends())('agents stores on $name', ({ make }) => {
  it('seeds built-in agents once and keeps admin edits', async () => {
    const { agents } = make();
    await agents.seed(seededAgents());
    const general = (await agents.get('general'))!;
    await agents.put({ ...general, name: 'Edited by admin' });
    await agents.seed(seededAgents());
    expect((await agents.get('general'))!.name).toBe('Edited by admin');
    expect((await agents.list()).map((a) => a.id)).toEqual(['general', 'troubleshooter']);
    expect(await agents.create({ ...general, id: 'general' })).toBe(false);
    expect(await agents.create({ ...general, id: 'custom', builtIn: false, name: 'A custom agent' })).toBe(
      true,
    );
    expect(await agents.delete('custom')).toBe(true);
    expect(await agents.delete('custom')).toBe(false);
  });

  it('trims history to the newest messages and adds up turns and token usage', async () => {
    const { conversations } = make();
    await conversations.create(meta('c1', 'alice', '2026-01-01T00:00:00.000Z'));
    const usage = { promptTokens: 10, completionTokens: 5, totalTokens: 15, estimated: false };
    for (let i = 0; i < 8; i += 2) {
      await conversations.append('c1', 'alice', {
        messages: [message(i), message(i + 1)],
        turns: 1,
        usage,
        at: new Date(2026, 0, 1, 1, i).toISOString(),
      });
    }
    const c = (await conversations.get('c1', 50))!;
    expect(c.messages.map((m) => m.id)).toEqual(['m3', 'm4', 'm5', 'm6', 'm7']);
    expect(c.turns).toBe(4);
    expect(c.usage).toEqual({ promptTokens: 40, completionTokens: 20, totalTokens: 60, estimated: false });
    expect((await conversations.get('c1', 2))!.messages.map((m) => m.id)).toEqual(['m6', 'm7']);
  });

  it('lists a user their own conversations, most recent first, in pages; everyone’s for an admin', async () => {
    const { conversations } = make();
    for (let i = 1; i <= 5; i += 1)
      await conversations.create(meta(`a${i}`, 'alice', `2026-01-0${i}T00:00:00.000Z`));
    await conversations.create(meta('b1', 'bob', '2026-01-09T00:00:00.000Z'));
    const page1 = await conversations.list('alice', 2, undefined);
    expect(page1.items.map((c) => c.id)).toEqual(['a5', 'a4']);
    expect(page1).toMatchObject({ totalCount: 5, hasNextPage: true });
    const page2 = await conversations.list('alice', 2, page1.endCursor);
    expect(page2.items.map((c) => c.id)).toEqual(['a3', 'a2']);
    const last = await conversations.list('alice', 2, page2.cursors[1]);
    expect(last.items.map((c) => c.id)).toEqual(['a1']);
    expect(last.hasNextPage).toBe(false);
    expect((await conversations.list(undefined, 10, undefined)).items.map((c) => c.id)).toEqual([
      'b1',
      'a5',
      'a4',
      'a3',
      'a2',
      'a1',
    ]);
  });

  it('hands a proposal out exactly once, even to racing approvals, and lists pending ones', async () => {
    const { proposals } = make();
    const p: Proposal = {
      actionId: 'act-1',
      conversationId: 'c1',
      owner: 'alice',
      agentId: 'general',
      tool: 'rerun_job',
      arguments: { job: 'ETL_SALES.LOAD_DW_SALES' },
      jobId: 'job-1',
      jobName: 'ETL_SALES.LOAD_DW_SALES',
      summary: 'rerun ETL_SALES.LOAD_DW_SALES',
      createdAt: new Date().toISOString(),
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
    };
    await proposals.save(p, 60);
    await proposals.save({ ...p, actionId: 'act-2' }, 60);
    expect((await proposals.pending('c1')).map((x) => x.actionId).sort()).toEqual(['act-1', 'act-2']);
    const taken = await Promise.all([
      proposals.take('act-1'),
      proposals.take('act-1'),
      proposals.take('act-1'),
    ]);
    expect(taken.filter((x) => x !== undefined)).toHaveLength(1);
    expect((await proposals.pending('c1')).map((x) => x.actionId)).toEqual(['act-2']);
  });

  it('expires proposals', async () => {
    const { proposals } = make();
    const now = new Date().toISOString();
    await proposals.save(
      {
        actionId: 'short',
        conversationId: 'c9',
        owner: 'a',
        agentId: 'g',
        tool: 'hold_job',
        arguments: {},
        jobId: 'j',
        jobName: 'J',
        summary: 's',
        createdAt: now,
        expiresAt: now,
      },
      1,
    );
    expect(await proposals.get('short')).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await proposals.get('short')).toBeUndefined();
    expect(await proposals.pending('c9')).toEqual([]);
  });
});

describe('conversation list on redis', () => {
  it('reads the metas of a page together, not one round trip after another, and drops expired ids', async () => {
    const redis = disposer.add(new Redis(testRedisUrl()), (r) => r.quit());
    const prefix = `${uniquePrefix('agents')}:`;
    disposer.defer(() => deleteRedisKeys(redis, prefix));
    const conversations = createRedisConversationStore(redis, prefix, limits);
    for (let i = 0; i < 10; i += 1)
      await conversations.create(meta(`c${i}`, 'alice', `2026-01-01T00:00:0${i}.000Z`));
    // Two conversations expired: their index entries remain.
    await redis.del(`${prefix}agents:conv:c3`, `${prefix}agents:conv:c7`);

    let inFlight = 0;
    let most = 0;
    const hgetall = redis.hgetall.bind(redis) as (key: string) => Promise<Record<string, string>>;
    Object.assign(redis, {
      hgetall: async (key: string) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        try {
          return await hgetall(key);
        } finally {
          inFlight -= 1;
        }
      },
    });
    const page = await conversations.list('alice', 10, undefined);
    expect(page.items.map((c) => c.id)).toEqual(['c9', 'c8', 'c6', 'c5', 'c4', 'c2', 'c1', 'c0']);
    expect(most).toBe(10);
    expect(await redis.zcard(`${prefix}agents:user:alice:convs`)).toBe(8);
  });
});
