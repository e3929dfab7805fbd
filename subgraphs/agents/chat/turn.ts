import { randomUUID } from 'node:crypto';
import { sanitizeArguments, type AuditLog } from '../../../core/audit/index.js';
import type { Config } from '../../../core/config/index.js';
import { ErrorCode, ResyncError } from '../../../core/errors/index.js';
import {
  LlmAbortedError,
  type LlmMessage,
  type LlmUsage,
  type ProviderChain,
} from '../../../core/llm/index.js';
import type { Logger } from '../../../core/logger.js';
import {
  addUsage,
  emptyUsage,
  type AgentDefinition,
  type Caller,
  type ConversationMeta,
  type Proposal,
  type StoredMessage,
} from '../model.js';
import type { ConversationStore } from '../stores/conversation-store.js';
import type { ProposalStore } from '../stores/proposal-store.js';
import { isToolName } from '../tools/catalog.js';
import { CANCELLED, noSuchTool, type ToolOutcome, type ToolRunner } from '../tools/runner.js';
import type { EmitChatEvent } from './events.js';
import { buildMessages, toolSpecs } from './prompt.js';

export interface TurnDeps {
  limits: Config['agents'];
  conversations: ConversationStore;
  proposals: ProposalStore;
  chain: ProviderChain;
  tools: ToolRunner;
  audit: AuditLog;
  logger: Logger;
}

export interface TurnInput {
  agent: AgentDefinition;
  /** Existing (already authorised) or newly created conversation. */
  conversation: ConversationMeta;
  message: string;
}

const ROUTES: Record<string, string | undefined> = {
  NVIDIA: 'nvidia',
  OPENAI: 'openai',
  OFFLINE: 'offline',
  AUTO: undefined,
};

/**
 * One chat turn: rounds of (stream the model's answer → run the tools it calls through the
 * gateway → hand back the results) until it answers without tools or the tool budget is spent.
 * Only the tools offered to the model this round run (the agent's list, read-only for viewers);
 * ACTION tools are turned into proposals. Every turn and tool call is audited; the turn is saved
 * to the conversation whatever happens (cancelled and failed turns too), and only then is the
 * turn's one final event sent: ChatCompleted once it is saved, ChatFailed otherwise.
 */
export async function runTurn(
  deps: TurnDeps,
  caller: Caller,
  input: TurnInput,
  emit: EmitChatEvent,
  signal: AbortSignal,
): Promise<void> {
  const { limits, chain, audit, logger } = deps;
  const { agent, conversation } = input;
  const messageId = randomUUID();
  const startedAt = new Date();
  emit({
    __typename: 'ChatStarted',
    conversationId: conversation.id,
    messageId,
    agentId: agent.id,
    at: startedAt,
  });

  const messages: LlmMessage[] = [];
  const specs = toolSpecs(agent, caller);
  const offered = new Set(specs.map((s) => s.name));
  const route = ROUTES[agent.provider]
    ? { provider: ROUTES[agent.provider]!, model: agent.model ?? undefined }
    : undefined;
  let text = '';
  let usage: LlmUsage = emptyUsage();
  let provider = '';
  let model = '';
  const calledTools: string[] = [];
  type Outcome = { ok: true } | { ok: false; code: string; message: string };
  let outcome: Outcome = { ok: true };

  try {
    const history = await deps.conversations.get(conversation.id, limits.contextMessages);
    messages.push(...buildMessages(agent, caller, history?.messages ?? [], input.message, startedAt));
    // maxToolCalls rounds with tools, one where the model must answer, one spare for a model
    // that still asks for tools then (it is told the budget is spent).
    const lastRound = limits.maxToolCalls + 1;
    for (let round = 0; round <= lastRound; round += 1) {
      const budgetLeft = limits.maxToolCalls - calledTools.length;
      // Text from an earlier round (e.g. "let me check") is kept apart from this round's.
      let separate = text.length > 0 && !/\s$/.test(text);
      const onDelta = (piece: string) => {
        if (separate) emitText('\n\n');
        separate = false;
        emitText(piece);
      };
      const result = await chain.chat(
        { messages, tools: budgetLeft > 0 ? specs : [], temperature: agent.temperature },
        { signal, onDelta, ...(route ? { route } : {}) },
      );
      usage = addUsage(usage, result.usage);
      provider = result.provider;
      model = result.model;
      if (result.toolCalls.length === 0 || round === lastRound) break;
      messages.push({ role: 'assistant', content: result.text, toolCalls: result.toolCalls });
      for (const call of result.toolCalls) {
        if (signal.aborted) throw new LlmAbortedError();
        const content =
          calledTools.length >= limits.maxToolCalls
            ? JSON.stringify({
                ok: false,
                errorCode: ErrorCode.BAD_USER_INPUT,
                data: { message: 'Tool call limit reached for this turn; answer with what you have.' },
              })
            : await callTool(call.id, call.name, call.arguments);
        messages.push({ role: 'tool', toolCallId: call.id, name: call.name, content });
      }
    }
    if (text.trim() === '')
      emitText(
        `(The agent used ${calledTools.length} tool calls and gave no answer; ask again more precisely.)`,
      );
  } catch (error) {
    if (error instanceof LlmAbortedError || signal.aborted) {
      outcome = { ok: false, code: CANCELLED, message: 'The client unsubscribed' };
    } else {
      const coded = error instanceof ResyncError;
      outcome = {
        ok: false,
        code: coded ? error.code : ErrorCode.INTERNAL,
        message: coded ? error.message : 'The agent failed unexpectedly',
      };
      if (!coded) logger.error({ err: error }, 'chat turn failed');
    }
  }

  const saved = await save();
  // A turn that could not be saved did not complete: the client must not think it is in the history.
  const final: Outcome =
    outcome.ok && !saved
      ? { ok: false, code: ErrorCode.UPSTREAM_UNAVAILABLE, message: 'The conversation could not be saved' }
      : outcome;
  if (final.ok) {
    emit({
      __typename: 'ChatCompleted',
      messageId,
      conversationId: conversation.id,
      text,
      provider,
      model,
      usage,
    });
  } else if (final.code !== CANCELLED && !signal.aborted) {
    emit({ __typename: 'ChatFailed', code: final.code, message: final.message });
  }
  await record(
    'CHAT_TURN',
    agent.id,
    {
      agentId: agent.id,
      conversationId: conversation.id,
      messageChars: input.message.length,
      tools: calledTools,
    },
    final.ok ? { ok: true } : { ok: false, code: final.code },
    `provider=${provider || 'none'} model=${model || 'none'} promptTokens=${usage.promptTokens} completionTokens=${usage.completionTokens}${usage.estimated ? ' (estimated)' : ''}`,
  );
  return;

  function emitText(piece: string) {
    text += piece;
    emit({ __typename: 'ChatDelta', text: piece });
  }

  async function callTool(callId: string, name: string, rawArguments: string): Promise<string> {
    calledTools.push(name);
    emit({ __typename: 'ChatToolCall', callId, tool: name, arguments: rawArguments });
    // A model may name any tool; only those offered this round run (the agent's allowed list,
    // minus ACTION tools for viewers), so a name outside it is answered like an unknown tool.
    const result: ToolOutcome = offered.has(name)
      ? await deps.tools.run(name, rawArguments, { caller, signal })
      : noSuchTool(name);
    if (result.cancelled) {
      // The client left while the tool ran: audited as cancelled, and the turn ends here.
      await record('TOOL_CALL', name, safeArgs(rawArguments), { ok: false, code: CANCELLED }, result.summary);
      throw new LlmAbortedError();
    }
    let data = result.data;
    if (result.ok && result.proposal && isToolName(name)) {
      const proposal = await propose(name, rawArguments, result.proposal);
      data = {
        ...(data as object),
        actionId: proposal.actionId,
        expiresAt: proposal.expiresAt,
        approval: 'required',
      };
      emit({
        __typename: 'ChatActionProposed',
        actionId: proposal.actionId,
        tool: name,
        arguments: rawArguments,
        summary: proposal.summary,
        expiresAt: new Date(proposal.expiresAt),
      });
    }
    emit({
      __typename: 'ChatToolResult',
      callId,
      tool: name,
      ok: result.ok,
      summary: result.summary,
      errorCode: result.errorCode ?? null,
    });
    await record(
      'TOOL_CALL',
      name,
      safeArgs(rawArguments),
      result.ok ? { ok: true } : { ok: false, code: result.errorCode ?? ErrorCode.INTERNAL },
      result.summary,
    );
    return JSON.stringify({ ok: result.ok, summary: result.summary, errorCode: result.errorCode, data });
  }

  async function propose(
    tool: string,
    rawArguments: string,
    target: { jobId: string; jobName: string; summary: string },
  ): Promise<Proposal> {
    const now = new Date();
    const proposal: Proposal = {
      actionId: randomUUID(),
      conversationId: conversation.id,
      owner: caller.sub,
      agentId: agent.id,
      tool,
      arguments: { ...(safeArgs(rawArguments) as object), job: target.jobName },
      jobId: target.jobId,
      jobName: target.jobName,
      summary: target.summary,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + limits.proposalTtlSeconds * 1000).toISOString(),
    };
    await deps.proposals.save(proposal, limits.proposalTtlSeconds);
    await record(
      'ACTION_PROPOSED',
      tool,
      proposal.arguments,
      { ok: true },
      `${tool}: ${proposal.summary} (action ${proposal.actionId})`,
    );
    return proposal;
  }

  /** Saves the question and the answer (marked when cancelled or failed); false when it could not. */
  async function save(): Promise<boolean> {
    const at = new Date().toISOString();
    const cancelled = !outcome.ok && outcome.code === CANCELLED;
    const answer: StoredMessage = {
      id: messageId,
      role: 'ASSISTANT',
      content: outcome.ok
        ? text
        : cancelled
          ? `${text}${text ? ' ' : ''}[cancelled]`
          : `[failed: ${outcome.code}] ${text}`.trim(),
      createdAt: at,
      ...(provider ? { provider, model } : {}),
      usage,
      toolCalls: calledTools,
    };
    const question: StoredMessage = {
      id: randomUUID(),
      role: 'USER',
      content: input.message,
      createdAt: startedAt.toISOString(),
    };
    try {
      await deps.conversations.append(conversation.id, conversation.owner, {
        messages: [question, answer],
        turns: 1,
        usage,
        at,
      });
      return true;
    } catch (error) {
      logger.error(
        { err: (error as Error).message, conversationId: conversation.id },
        'could not save the chat turn',
      );
      return false;
    }
  }

  async function record(
    action: 'CHAT_TURN' | 'TOOL_CALL' | 'ACTION_PROPOSED',
    field: string,
    args: unknown,
    result: { ok: true } | { ok: false; code: string },
    detail: string,
  ) {
    await audit
      .append({
        actor: caller.sub,
        roles: caller.roles,
        service: 'agents',
        action,
        operation: 'chat',
        field,
        arguments: sanitizeArguments(args),
        outcome: result.ok ? 'OK' : 'ERROR',
        errorCode: result.ok ? undefined : result.code,
        requestId: caller.requestId,
        detail,
        conversationId: conversation.id,
      })
      .catch(() => undefined); // logged and counted by the audit log
  }
}

function safeArgs(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return { unparsable: raw.slice(0, 200) };
  }
}
