import { positiveInt, type EnvOf } from './helpers.js';

/** Limits of the agents subgraph: what one chat turn and one conversation may cost. */
export const agentsEnv = {
  /** Largest user message accepted by `chat`, in characters. */
  AGENTS_MAX_MESSAGE_CHARS: positiveInt(4000),
  /** User turns per conversation; a longer one must start a new conversation. */
  AGENTS_MAX_TURNS: positiveInt(100),
  /** Tool calls the model may make in one turn (each is a GraphQL operation through the gateway). */
  AGENTS_MAX_TOOL_CALLS: positiveInt(8),
  /** Messages kept per conversation in storage; older ones are trimmed. */
  AGENTS_HISTORY_MESSAGES: positiveInt(60),
  /** Most recent messages sent to the model as context. */
  AGENTS_CONTEXT_MESSAGES: positiveInt(16),
  /** How long a proposed action (rerun, hold, ...) waits for approval. */
  AGENTS_PROPOSAL_TTL_SECONDS: positiveInt(15 * 60),
  /** Idle conversations expire after this many days. */
  AGENTS_CONVERSATION_TTL_DAYS: positiveInt(30),
  /** Deadline of one tool call through the gateway. */
  AGENTS_TOOL_TIMEOUT_MS: positiveInt(15_000),
  /** Concurrent chat turns per user; more are refused with RATE_LIMITED. */
  AGENTS_MAX_CONCURRENT_CHATS: positiveInt(4),
};

type AgentsEnv = EnvOf<typeof agentsEnv>;

export function buildAgentsConfig(env: AgentsEnv) {
  return {
    maxMessageChars: env.AGENTS_MAX_MESSAGE_CHARS,
    maxTurns: env.AGENTS_MAX_TURNS,
    maxToolCalls: env.AGENTS_MAX_TOOL_CALLS,
    historyMessages: env.AGENTS_HISTORY_MESSAGES,
    contextMessages: Math.min(env.AGENTS_CONTEXT_MESSAGES, env.AGENTS_HISTORY_MESSAGES),
    proposalTtlSeconds: env.AGENTS_PROPOSAL_TTL_SECONDS,
    conversationTtlSeconds: env.AGENTS_CONVERSATION_TTL_DAYS * 24 * 3600,
    toolTimeoutMs: env.AGENTS_TOOL_TIMEOUT_MS,
    maxConcurrentChats: env.AGENTS_MAX_CONCURRENT_CHATS,
  };
}
