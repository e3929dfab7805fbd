import {
  createAuditLog,
  createKeyRing,
  createMemoryAuditStore,
  type AuditLog,
} from '../../../core/audit/index.js';
import { configFrom } from '../../../core/config/index.js';
import { UpstreamUnavailableError } from '../../../core/errors/index.js';
import {
  createProviderChain,
  LlmAbortedError,
  type ChatProvider,
  type ChatResult,
} from '../../../core/llm/index.js';
import { silentLogger } from '../../../core/logger.js';
import { createMetricsRegistry } from '../../../core/metrics.js';
import type { ChatEvent } from '../../../subgraphs/agents/chat/events.js';
import { runTurn, type TurnDeps } from '../../../subgraphs/agents/chat/turn.js';
import {
  emptyUsage,
  type AgentDefinition,
  type Caller,
  type ConversationMeta,
} from '../../../subgraphs/agents/model.js';
import { createOfflineResponder } from '../../../subgraphs/agents/offline/responder.js';
import { seededAgents } from '../../../subgraphs/agents/seeds.js';
import { createMemoryConversationStore } from '../../../subgraphs/agents/stores/conversation-store.js';
import { createMemoryProposalStore } from '../../../subgraphs/agents/stores/proposal-store.js';
import type { ToolOutcome, ToolRunner } from '../../../subgraphs/agents/tools/runner.js';

const caller: Caller = { sub: 'alice', roles: ['operator'], authorization: 'Bearer t', requestId: 'req-1' };
const usage = { promptTokens: 10, completionTokens: 2, totalTokens: 12, estimated: false };
const answer = (text: string, toolCalls: ChatResult['toolCalls'] = []): ChatResult => ({
  provider: 'scripted',
  model: 'm',
  text,
  toolCalls,
  finishReason: toolCalls.length > 0 ? 'tool_calls' : 'stop',
  usage,
});

/** A local provider playing a script: each round returns the next answer. */
function scripted(
  rounds: Array<ChatResult | Error | ((signal?: AbortSignal) => Promise<ChatResult>)>,
): ChatProvider & { requests: unknown[] } {
  const requests: unknown[] = [];
  return {
    name: 'scripted',
    model: 'm',
    kind: 'local',
    requests,
    async chat(request, { onDelta, signal }) {
      requests.push(request);
      const next = rounds.shift() ?? answer('done');
      if (next instanceof Error) throw next;
      const result = typeof next === 'function' ? await next(signal) : next;
      if (result.text) onDelta?.(result.text);
      return result;
    },
  };
}

function setup(
  provider: ChatProvider,
  tools: (name: string) => ToolOutcome,
  env: Record<string, string> = {},
) {
  const limits = configFrom(env).agents;
  const registry = createMetricsRegistry('test', { defaults: false });
  const prefix = `turn-${Math.random()}:`;
  const audit: AuditLog = createAuditLog({
    store: createMemoryAuditStore(prefix),
    ring: createKeyRing([{ id: 'k', secret: Buffer.alloc(32, 1).toString('base64') }], 'k'),
    logger: silentLogger(),
    registry,
    usingDevelopmentKey: false,
  });
  const ran: string[] = [];
  const runner: ToolRunner = {
    run: async (name) => {
      ran.push(name);
      return tools(name);
    },
  };
  const deps: TurnDeps = {
    limits,
    conversations: createMemoryConversationStore({ historyMessages: limits.historyMessages, ttlSeconds: 60 }),
    proposals: createMemoryProposalStore(),
    chain: createProviderChain({ remotes: [], local: provider, registry, logger: silentLogger() }),
    tools: runner,
    audit,
    logger: silentLogger(),
  };
  const conversation: ConversationMeta = {
    id: 'c1',
    agentId: 'general',
    owner: 'alice',
    title: 't',
    createdAt: new Date().toISOString(),
    updatedAt: new Date().toISOString(),
    turns: 0,
    usage: emptyUsage(),
  };
  return { deps, conversation, ran, audit, limits };
}

async function play(
  deps: TurnDeps,
  conversation: ConversationMeta,
  message: string,
  signal = new AbortController().signal,
  { agent = seededAgents()[0]!, as = caller }: { agent?: AgentDefinition; as?: Caller } = {},
) {
  await deps.conversations.create(conversation);
  const events: ChatEvent[] = [];
  await runTurn(deps, as, { agent, conversation, message }, (e) => events.push(e), signal);
  return events;
}

const trailOf = async (audit: AuditLog) =>
  (await audit.list({ first: 20 })).records.map(
    (r) => `${r.action}:${r.field}:${r.outcome}${r.errorCode ? `:${r.errorCode}` : ''}`,
  );

const ok = (summary: string): ToolOutcome => ({ ok: true, summary, data: { summary } });

describe('chat turn loop', () => {
  it('runs tools between rounds, streams, completes, saves the turn and audits it', async () => {
    const provider = scripted([
      answer('', [{ id: 'c1', name: 'plan_summary', arguments: '{}' }]),
      answer('44 jobs.'),
    ]);
    const { deps, conversation, ran, audit } = setup(provider, () => ok('44 jobs'));
    const events = await play(deps, conversation, 'resumo');
    expect(events.map((e) => e.__typename)).toEqual([
      'ChatStarted',
      'ChatToolCall',
      'ChatToolResult',
      'ChatDelta',
      'ChatCompleted',
    ]);
    expect(ran).toEqual(['plan_summary']);
    expect(events.at(-1)).toMatchObject({
      text: '44 jobs.',
      usage: { promptTokens: 20, completionTokens: 4, totalTokens: 24 },
    });
    const saved = (await deps.conversations.get('c1', 10))!;
    expect(saved.messages.map((m) => [m.role, m.content])).toEqual([
      ['USER', 'resumo'],
      ['ASSISTANT', '44 jobs.'],
    ]);
    expect(saved).toMatchObject({ turns: 1, usage: { totalTokens: 24 } });
    const trail = (await audit.list({ first: 10 })).records.map((r) => `${r.action}:${r.field}:${r.outcome}`);
    expect(trail).toEqual(['CHAT_TURN:general:OK', 'TOOL_CALL:plan_summary:OK']);
  });

  it('stops running tools at the per-turn budget and makes the model answer without tools', async () => {
    const greedy = () => answer('', [{ id: `c${Math.random()}`, name: 'find_jobs', arguments: '{}' }]);
    const provider = scripted([greedy(), greedy(), greedy(), greedy(), answer('enough')]);
    const { deps, conversation, ran } = setup(provider, () => ok('jobs'), { AGENTS_MAX_TOOL_CALLS: '3' });
    const events = await play(deps, conversation, 'loop forever');
    expect(ran).toEqual(['find_jobs', 'find_jobs', 'find_jobs']);
    const lastRequest = provider.requests.at(-1) as { tools: unknown[] };
    expect(lastRequest.tools).toEqual([]);
    expect(events.at(-1)).toMatchObject({ __typename: 'ChatCompleted', text: 'enough' });
  });

  it('turns ACTION tools into proposals with an expiry and never runs the mutation', async () => {
    const provider = scripted([
      answer('', [{ id: 'c1', name: 'rerun_job', arguments: '{"job":"LOAD_DW_SALES"}' }]),
      answer('Proposed.'),
    ]);
    const { deps, conversation, limits } = setup(provider, () => ({
      ok: true,
      summary: 'proposed: rerun ETL_SALES.LOAD_DW_SALES',
      data: { proposed: true },
      proposal: {
        jobId: 'job-1',
        jobName: 'ETL_SALES.LOAD_DW_SALES',
        summary: 'rerun ETL_SALES.LOAD_DW_SALES',
      },
    }));
    const events = await play(deps, conversation, 'rerun LOAD_DW_SALES');
    const proposed = events.find((e) => e.__typename === 'ChatActionProposed') as Extract<
      ChatEvent,
      { __typename: 'ChatActionProposed' }
    >;
    expect(proposed).toMatchObject({ tool: 'rerun_job', summary: 'rerun ETL_SALES.LOAD_DW_SALES' });
    const stored = await deps.proposals.get(proposed.actionId);
    expect(stored).toMatchObject({ owner: 'alice', conversationId: 'c1', jobId: 'job-1' });
    expect(proposed.expiresAt.getTime() - Date.parse(stored!.createdAt)).toBe(
      limits.proposalTtlSeconds * 1000,
    );
    // The model learns the action id, so it can tell the user how to approve.
    const second = provider.requests[1] as { messages: Array<{ role: string; content: string }> };
    expect(second.messages.find((m) => m.role === 'tool')!.content).toContain(proposed.actionId);
  });

  it('ends with ChatFailed (coded) when every provider fails, and still saves and audits the question', async () => {
    const provider = scripted([new UpstreamUnavailableError('llm', 'Every LLM provider failed')]);
    const { deps, conversation, audit } = setup(provider, () => ok('x'));
    const events = await play(deps, conversation, 'hello');
    expect(events.at(-1)).toEqual({
      __typename: 'ChatFailed',
      code: 'UPSTREAM_UNAVAILABLE',
      message: 'Every LLM provider failed',
    });
    expect((await deps.conversations.get('c1', 10))!.messages.map((m) => m.role)).toEqual([
      'USER',
      'ASSISTANT',
    ]);
    expect((await audit.list({ first: 1 })).records[0]).toMatchObject({
      action: 'CHAT_TURN',
      outcome: 'ERROR',
      errorCode: 'UPSTREAM_UNAVAILABLE',
    });
  });

  it('masks unexpected errors', async () => {
    const { deps, conversation } = setup(scripted([new TypeError('secret internals')]), () => ok('x'));
    const events = await play(deps, conversation, 'hello');
    expect(events.at(-1)).toEqual({
      __typename: 'ChatFailed',
      code: 'INTERNAL',
      message: 'The agent failed unexpectedly',
    });
  });

  it('stops at once when the client leaves: no ChatCompleted, the turn is saved as cancelled', async () => {
    const controller = new AbortController();
    const provider = scripted([
      (signal) =>
        new Promise<ChatResult>((_, reject) => {
          signal?.addEventListener('abort', () => reject(new LlmAbortedError()));
          setTimeout(() => controller.abort(), 10);
        }),
    ]);
    const { deps, conversation, audit } = setup(provider, () => ok('x'));
    const events = await play(deps, conversation, 'long question', controller.signal);
    expect(events.map((e) => e.__typename)).toEqual(['ChatStarted']);
    expect((await deps.conversations.get('c1', 10))!.messages[1]!.content).toBe('[cancelled]');
    expect((await audit.list({ first: 1 })).records[0]).toMatchObject({
      action: 'CHAT_TURN',
      outcome: 'ERROR',
      errorCode: 'CANCELLED',
    });
  });
  it('runs only the tools offered this round: a tool outside the agent’s list is refused like an unknown one', async () => {
    const provider = scripted([
      answer('', [{ id: 'c1', name: 'cancel_job', arguments: '{"job":"LOAD_DW_SALES"}' }]),
      answer('Could not.'),
    ]);
    const { deps, conversation, ran, audit } = setup(provider, () => ok('should not run'));
    const summaryOnly = { ...seededAgents()[0]!, id: 'summary', tools: ['plan_summary'] };
    const events = await play(deps, conversation, 'cancel it', undefined, { agent: summaryOnly });
    expect(ran).toEqual([]);
    expect(events.map((e) => e.__typename)).not.toContain('ChatActionProposed');
    expect(events.find((e) => e.__typename === 'ChatToolResult')).toMatchObject({
      tool: 'cancel_job',
      ok: false,
      errorCode: 'BAD_USER_INPUT',
      summary: 'There is no tool named cancel_job',
    });
    expect(await trailOf(audit)).toEqual([
      'CHAT_TURN:summary:OK',
      'TOOL_CALL:cancel_job:ERROR:BAD_USER_INPUT',
    ]);
  });

  it('offers a viewer read tools only, and refuses an action tool the model names anyway', async () => {
    const provider = scripted([
      answer('', [{ id: 'c1', name: 'rerun_job', arguments: '{"job":"LOAD_DW_SALES"}' }]),
      answer('No.'),
    ]);
    const { deps, conversation, ran } = setup(provider, () => ok('should not run'));
    const viewer: Caller = { ...caller, roles: ['viewer'] };
    const events = await play(deps, conversation, 'rerun LOAD_DW_SALES', undefined, { as: viewer });
    const offered = (provider.requests[0] as { tools: Array<{ name: string }> }).tools.map((t) => t.name);
    expect(offered).toContain('find_jobs');
    expect(offered.filter((n) => n.endsWith('_job'))).toEqual([]);
    expect(ran).toEqual([]);
    expect(events.map((e) => e.__typename)).not.toContain('ChatActionProposed');
  });

  it('answers a viewer asking for a rerun (offline responder) that it needs an operator, with no proposal', async () => {
    const { deps, conversation, ran, audit } = setup(createOfflineResponder(), () => ok('should not run'));
    const viewer: Caller = { ...caller, roles: ['viewer'] };
    const events = await play(deps, conversation, 'rerun LOAD_DW_SALES', undefined, { as: viewer });
    expect(ran).toEqual([]);
    expect(events.map((e) => e.__typename)).not.toContain('ChatActionProposed');
    expect(events.at(-1)).toMatchObject({
      __typename: 'ChatCompleted',
      text: expect.stringMatching(/cannot propose to \*\*rerun\*\* that job here: .*operator role/),
    });
    expect(await trailOf(audit)).toEqual(['CHAT_TURN:general:OK']);
  });

  it('sends ChatCompleted only after the turn is saved, and ChatFailed instead when saving fails', async () => {
    const { deps, conversation, audit } = setup(scripted([answer('fine')]), () => ok('x'));
    const events: ChatEvent[] = [];
    const append = deps.conversations.append.bind(deps.conversations);
    let terminalBeforeSave = false;
    deps.conversations.append = async (...args) => {
      terminalBeforeSave = events.some(
        (e) => e.__typename === 'ChatCompleted' || e.__typename === 'ChatFailed',
      );
      return append(...args);
    };
    await deps.conversations.create(conversation);
    await runTurn(
      deps,
      caller,
      { agent: seededAgents()[0]!, conversation, message: 'hi' },
      (e) => events.push(e),
      new AbortController().signal,
    );
    expect(terminalBeforeSave).toBe(false);
    expect(events.at(-1)).toMatchObject({ __typename: 'ChatCompleted', text: 'fine' });

    const failing = setup(scripted([answer('lost')]), () => ok('x'));
    failing.deps.conversations.append = () => Promise.reject(new Error('redis down'));
    const lost = await play(failing.deps, failing.conversation, 'hi');
    expect(lost.map((e) => e.__typename)).toEqual(['ChatStarted', 'ChatDelta', 'ChatFailed']);
    expect(lost.at(-1)).toEqual({
      __typename: 'ChatFailed',
      code: 'UPSTREAM_UNAVAILABLE',
      message: 'The conversation could not be saved',
    });
    expect(await trailOf(failing.audit)).toEqual(['CHAT_TURN:general:ERROR:UPSTREAM_UNAVAILABLE']);
    expect(await trailOf(audit)).toEqual(['CHAT_TURN:general:OK']);
  });

  it('ends the turn when a tool call is cancelled, auditing it as cancelled, not as an internal error', async () => {
    const provider = scripted([
      answer('', [{ id: 'c1', name: 'plan_summary', arguments: '{}' }]),
      answer('never'),
    ]);
    const { deps, conversation, audit } = setup(provider, () => ({
      ok: false,
      summary: 'plan_summary was cancelled',
      data: {},
      errorCode: 'CANCELLED',
      cancelled: true,
    }));
    const events = await play(deps, conversation, 'resumo');
    expect(events.map((e) => e.__typename)).toEqual(['ChatStarted', 'ChatToolCall']);
    expect(provider.requests).toHaveLength(1);
    expect(await trailOf(audit)).toEqual([
      'CHAT_TURN:general:ERROR:CANCELLED',
      'TOOL_CALL:plan_summary:ERROR:CANCELLED',
    ]);
  });
});
