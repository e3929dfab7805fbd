import type { LlmUsage } from '../../../core/llm/index.js';

/** The ChatEvent union of the schema; `__typename` picks the member (see resolvers). */
export type ChatEvent =
  | { __typename: 'ChatStarted'; conversationId: string; messageId: string; agentId: string; at: Date }
  | { __typename: 'ChatDelta'; text: string }
  | { __typename: 'ChatToolCall'; callId: string; tool: string; arguments: string }
  | {
      __typename: 'ChatToolResult';
      callId: string;
      tool: string;
      ok: boolean;
      summary: string;
      errorCode: string | null;
    }
  | {
      __typename: 'ChatActionProposed';
      actionId: string;
      tool: string;
      arguments: string;
      summary: string;
      expiresAt: Date;
    }
  | {
      __typename: 'ChatCompleted';
      messageId: string;
      conversationId: string;
      text: string;
      provider: string;
      model: string;
      usage: LlmUsage;
    }
  | { __typename: 'ChatFailed'; code: string; message: string };

export type EmitChatEvent = (event: ChatEvent) => void;
