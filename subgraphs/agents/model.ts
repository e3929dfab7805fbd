import type { Role } from '../../core/auth/index.js';
import type { LlmUsage } from '../../core/llm/index.js';

/** The types of the agents subgraph, shared by its stores, tools, chat loop and resolvers. */

export type ProviderChoice = 'AUTO' | 'NVIDIA' | 'OPENAI' | 'OFFLINE';

export interface AgentDefinition {
  id: string;
  name: string;
  description: string;
  systemPrompt: string;
  provider: ProviderChoice;
  model: string | null;
  temperature: number;
  tools: string[];
  builtIn: boolean;
  createdAt: string;
  updatedAt: string;
}

export type MessageRole = 'USER' | 'ASSISTANT' | 'ACTION';

export interface StoredMessage {
  id: string;
  role: MessageRole;
  content: string;
  createdAt: string;
  provider?: string;
  model?: string;
  usage?: LlmUsage;
  toolCalls?: string[];
}

export interface ConversationMeta {
  id: string;
  agentId: string;
  owner: string;
  title: string;
  createdAt: string;
  updatedAt: string;
  turns: number;
  usage: LlmUsage;
}

export interface Conversation extends ConversationMeta {
  messages: StoredMessage[];
}

/** An action an agent proposed; kept until approved, rejected or expired. */
export interface Proposal {
  actionId: string;
  conversationId: string;
  owner: string;
  agentId: string;
  tool: string;
  /** What the user sees and the model produced, e.g. `{ job: 'ETL_SALES.LOAD_DW_SALES' }`. */
  arguments: Record<string, unknown>;
  /** The resolved plan job id the action will run against. */
  jobId: string;
  jobName: string;
  summary: string;
  createdAt: string;
  expiresAt: string;
}

/** Who is asking, as the resolvers and the chat loop need it. */
export interface Caller {
  sub: string;
  roles: readonly Role[];
  /** `Bearer <JWT>`: tool calls go through the gateway with it. Never logged or stored. */
  authorization: string;
  requestId: string;
}

export const emptyUsage = (): LlmUsage => ({
  promptTokens: 0,
  completionTokens: 0,
  totalTokens: 0,
  estimated: false,
});

export function addUsage(a: LlmUsage, b: LlmUsage): LlmUsage {
  return {
    promptTokens: a.promptTokens + b.promptTokens,
    completionTokens: a.completionTokens + b.completionTokens,
    totalTokens: a.totalTokens + b.totalTokens,
    estimated: a.estimated || b.estimated,
  };
}
