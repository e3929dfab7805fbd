/**
 * The provider-neutral contract of the LLM layer. Callers (rag's `ask`, the agents' chat loop)
 * speak these types; only core/llm/openai-provider.ts knows the OpenAI wire shapes.
 */

/** One tool call the model asked for; `arguments` is the JSON text the model produced. */
export interface LlmToolCall {
  id: string;
  name: string;
  arguments: string;
}

export type LlmMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string }
  | { role: 'assistant'; content: string; toolCalls?: readonly LlmToolCall[] }
  | { role: 'tool'; toolCallId: string; name: string; content: string };

/** A function the model may call, described by a JSON Schema of its arguments. */
export interface LlmToolSpec {
  name: string;
  description: string;
  parameters: Readonly<Record<string, unknown>>;
}

export interface LlmUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  /** True when the provider sent no usage and the numbers are estimated from text length. */
  estimated: boolean;
}

export interface ChatRequest {
  messages: readonly LlmMessage[];
  /** Tools the model may call this round. @default none */
  tools?: readonly LlmToolSpec[];
  /** @default the provider's default */
  temperature?: number;
  /** Model override for the provider that serves the request. @default the provider's configured model */
  model?: string;
  /** @default the provider's default */
  maxTokens?: number;
}

export interface ChatCallOptions {
  /** Aborting it closes the provider request at once (the client unsubscribed). */
  signal?: AbortSignal;
  /** Receives answer text as it streams. Tool calls arrive whole, in the result. */
  onDelta?: (text: string) => void;
}

export type FinishReason = 'stop' | 'tool_calls' | 'length' | 'content_filter' | 'other';

export interface ChatResult {
  /** Provider that produced the answer, e.g. `nvidia`, `openai`, `offline`. */
  provider: string;
  model: string;
  text: string;
  toolCalls: LlmToolCall[];
  finishReason: FinishReason;
  usage: LlmUsage;
}

/**
 * Anything that can answer a chat round: an OpenAI-compatible endpoint, or a local responder
 * (the agents' offline responder) that the chain uses after every remote provider.
 */
export interface ChatProvider {
  readonly name: string;
  readonly model: string;
  /** `remote` providers sit behind a breaker; a `local` one cannot fail over to anything. */
  readonly kind: 'remote' | 'local';
  chat(request: ChatRequest, options: ChatCallOptions): Promise<ChatResult>;
}

export interface CompleteOptions {
  temperature?: number;
  maxTokens?: number;
  model?: string;
  signal?: AbortSignal;
}

export interface CompletionResult {
  provider: string;
  model: string;
  text: string;
  usage: LlmUsage;
}

export interface ProviderStatus {
  name: string;
  model: string;
  kind: 'remote' | 'local';
  /** Breaker state; a local provider is always `closed`. */
  state: 'closed' | 'open' | 'halfOpen';
  baseURL?: string;
}
