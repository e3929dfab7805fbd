import { randomUUID } from 'node:crypto';
import type { Registry } from 'prom-client';
import { z } from 'zod';
import { BadUserInputError, NotFoundError, RateLimitedError } from '../../../core/errors/index.js';
import { counter, gauge } from '../../../core/metrics.js';
import type { AgentService } from '../agent-service.js';
import { emptyUsage, type Caller, type ConversationMeta } from '../model.js';
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
      if ((active.get(caller.sub) ?? 0) >= limits.maxConcurrentChats) {
        throw new RateLimitedError(2, `At most ${limits.maxConcurrentChats} chats at once`);
      }
      const agent = await agents.require(input.agentId);

      let conversation: ConversationMeta;
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
        conversation = existing;
      } else {
        const now = new Date().toISOString();
        conversation = {
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
      }

      active.set(caller.sub, (active.get(caller.sub) ?? 0) + 1);
      turns.inc({ agent: agent.id });
      running.inc();
      return createChatStream(async (emit, signal) => {
        try {
          await runTurn(options, caller, { agent, conversation, message: input.message }, emit, signal);
        } finally {
          running.dec();
          const left = (active.get(caller.sub) ?? 1) - 1;
          if (left <= 0) active.delete(caller.sub);
          else active.set(caller.sub, left);
        }
      });
    },
  };
}

export type ChatService = ReturnType<typeof createChatService>;
