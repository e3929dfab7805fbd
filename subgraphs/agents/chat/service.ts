import { randomUUID } from 'node:crypto';
import type { Registry } from 'prom-client';
import { z } from 'zod';
import { BadUserInputError, NotFoundError, RateLimitedError } from '../../../core/errors/index.js';
import { counter, gauge } from '../../../core/metrics.js';
import type { AgentService } from '../agent-service.js';
import { emptyUsage, type AgentDefinition, type Caller, type ConversationMeta } from '../model.js';
import type { ChatEvent } from './events.js';
import { createChatStream } from './stream.js';
import { runTurn, type TurnDeps } from './turn.js';

export interface ChatServiceOptions extends TurnDeps {
  agents: AgentService;
  registry: Registry;
}

/**
 * Starts chat turns: validates the input, checks the conversation belongs to the caller and
 * has turns left, limits concurrent turns per user, then streams the turn. Problems found
 * before the turn starts are GraphQL errors (BAD_USER_INPUT, NOT_FOUND, RATE_LIMITED); problems
 * during it are a ChatFailed event.
 */
export function createChatService(options: ChatServiceOptions) {
  const { limits, conversations, agents, registry } = options;
  const active = new Map<string, number>();
  const turns = counter(registry, {
    name: 'resync_chat_turns_total',
    help: 'Chat turns started, by agent',
    labelNames: ['agent'],
  });
  const running = gauge(registry, {
    name: 'resync_chat_active_turns',
    help: 'Chat turns streaming right now',
  });
  const inputSchema = z
    .object({
      agentId: z.string().trim().min(1).max(64),
      message: z
        .string()
        .trim()
        .min(1, 'message is empty')
        .max(limits.maxMessageChars, `message is longer than ${limits.maxMessageChars} characters`),
      conversationId: z.string().trim().min(1).max(64).nullish(),
    })
    .strict();

  return {
    async start(caller: Caller, rawInput: unknown): Promise<AsyncIterableIterator<ChatEvent>> {
      const parsed = inputSchema.safeParse(rawInput);
      if (!parsed.success)
        throw new BadUserInputError(
          parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
        );
      const input = parsed.data;
      // Reserve the slot in the same tick as the check: the awaits below would otherwise let
      // simultaneous subscribes all pass it. Released when the turn ends, or here on a refusal.
      if ((active.get(caller.sub) ?? 0) >= limits.maxConcurrentChats) {
        throw new RateLimitedError(2, `At most ${limits.maxConcurrentChats} chats at once`);
      }
      active.set(caller.sub, (active.get(caller.sub) ?? 0) + 1);
      let agent: AgentDefinition;
      let conversation: ConversationMeta;
      try {
        agent = await agents.require(input.agentId);
        conversation = await openConversation(caller, agent, input);
      } catch (error) {
        release(caller.sub);
        throw error;
      }

      turns.inc({ agent: agent.id });
      running.inc();
      return createChatStream(async (emit, signal) => {
        try {
          await runTurn(options, caller, { agent, conversation, message: input.message }, emit, signal);
        } finally {
          running.dec();
          release(caller.sub);
        }
      });
    },
  };

  function release(sub: string) {
    const left = (active.get(sub) ?? 1) - 1;
    if (left <= 0) active.delete(sub);
    else active.set(sub, left);
  }

  /** The caller's conversation to continue (checked), or a new one. */
  async function openConversation(
    caller: Caller,
    agent: AgentDefinition,
    input: { message: string; conversationId?: string | null | undefined },
  ): Promise<ConversationMeta> {
    if (input.conversationId) {
      const existing = await conversations.meta(input.conversationId);
      // Someone else's conversation does not exist for this caller (even an admin reads, but does not write, them).
      if (!existing || existing.owner !== caller.sub)
        throw new NotFoundError('Conversation', input.conversationId);
      if (existing.agentId !== agent.id)
        throw new BadUserInputError(`Conversation ${existing.id} is with agent ${existing.agentId}`);
      if (existing.turns >= limits.maxTurns) {
        throw new BadUserInputError(
          `Conversation ${existing.id} reached ${limits.maxTurns} turns; start a new one`,
        );
      }
      return existing;
    }
    const now = new Date().toISOString();
    const conversation: ConversationMeta = {
      id: randomUUID(),
      agentId: agent.id,
      owner: caller.sub,
      title: input.message.replace(/\s+/g, ' ').slice(0, 80),
      createdAt: now,
      updatedAt: now,
      turns: 0,
      usage: emptyUsage(),
    };
    await conversations.create(conversation);
    return conversation;
  }
}

export type ChatService = ReturnType<typeof createChatService>;
