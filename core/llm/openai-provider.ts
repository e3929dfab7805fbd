import type OpenAI from 'openai';
import type {
  ChatCompletionChunk,
  ChatCompletionMessageParam,
  ChatCompletionTool,
} from 'openai/resources/chat/completions';
import { LlmAbortedError, LlmProviderError, translateLlmError } from './errors.js';
import type {
  ChatCallOptions,
  ChatProvider,
  ChatRequest,
  ChatResult,
  CompleteOptions,
  CompletionResult,
  FinishReason,
  LlmMessage,
  LlmToolCall,
  LlmToolSpec,
  LlmUsage,
} from './types.js';

export interface OpenAiProviderOptions {
  name: string;
  client: OpenAI;
  /** Default model of this provider. */
  model: string;
  /** Longest silence between two stream chunks before the stream counts as stalled. */
  idleTimeoutMs: number;
  /**
   * Deadline until the provider answers (stream headers, or a whole non-streamed answer).
   * Enforced here as well as by the SDK so a timeout is always reported as one.
   */
  timeoutMs: number;
}

/** A remote provider speaking the OpenAI chat-completions protocol (NVIDIA, OpenAI, or a test server). */
export function createOpenAiProvider(options: OpenAiProviderOptions): ChatProvider & {
  complete(messages: readonly LlmMessage[], options?: CompleteOptions): Promise<CompletionResult>;
} {
  const { name, client, model, timeoutMs } = options;
  return {
    name,
    model,
    kind: 'remote',
    async chat(request: ChatRequest, callOptions: ChatCallOptions): Promise<ChatResult> {
      return streamChat(options, request, callOptions);
    },
    async complete(messages, { signal, ...params } = {}) {
      const used = params.model ?? model;
      const guard = deadline(signal, timeoutMs);
      try {
        const response = await client.chat.completions.create(
          {
            model: used,
            messages: messages.map(toWire),
            stream: false,
            ...(params.temperature === undefined ? {} : { temperature: params.temperature }),
            ...(params.maxTokens === undefined ? {} : { max_tokens: params.maxTokens }),
          },
          { signal: guard.signal },
        );
        const text = response.choices[0]?.message.content ?? '';
        return {
          provider: name,
          model: response.model || used,
          text,
          usage: usageOf(response.usage, messages, text),
        };
      } catch (error) {
        if (signal?.aborted) throw new LlmAbortedError();
        if (guard.timedOut()) throw timedOutError(name, timeoutMs);
        throw translateLlmError(name, error);
      } finally {
        guard.clear();
      }
    },
  };
}

/** An abort signal that fires when the caller aborts or `ms` pass, and says which it was. */
function deadline(caller: AbortSignal | undefined, ms: number) {
  const controller = new AbortController();
  let expired = false;
  const onAbort = () => controller.abort();
  caller?.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => {
    expired = true;
    controller.abort();
  }, ms);
  return {
    signal: controller.signal,
    controller,
    timedOut: () => expired,
    /** Stops the deadline (the answer started); the caller's abort still works. */
    stopTimer: () => clearTimeout(timer),
    clear: () => {
      clearTimeout(timer);
      caller?.removeEventListener('abort', onAbort);
    },
  };
}

const timedOutError = (name: string, ms: number) =>
  new LlmProviderError(name, `The ${name} LLM provider timed out (no answer within ${ms} ms)`, undefined);

async function streamChat(
  { name, client, model, idleTimeoutMs, timeoutMs }: OpenAiProviderOptions,
  request: ChatRequest,
  { signal, onDelta }: ChatCallOptions,
): Promise<ChatResult> {
  if (signal?.aborted) throw new LlmAbortedError();
  const used = request.model ?? model;
  // One controller for every reason to stop: the caller leaving, no answer, a stalled stream.
  const guard = deadline(signal, timeoutMs);
  const controller = guard.controller;
  let stalled = false;
  let idleTimer: NodeJS.Timeout | undefined;
  const armIdle = () => {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      stalled = true;
      controller.abort();
    }, idleTimeoutMs);
  };

  let text = '';
  const calls = new Map<number, { id: string; name: string; arguments: string }>();
  let finishReason: FinishReason | undefined;
  let usage: ChatCompletionChunk['usage'] | undefined;
  try {
    const stream = await client.chat.completions.create(
      {
        model: used,
        messages: request.messages.map(toWire),
        stream: true,
        stream_options: { include_usage: true },
        ...(request.tools && request.tools.length > 0 ? { tools: request.tools.map(toolToWire) } : {}),
        ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
        ...(request.maxTokens === undefined ? {} : { max_tokens: request.maxTokens }),
      },
      { signal: controller.signal },
    );
    guard.stopTimer();
    armIdle();
    // The SDK ends the iteration quietly when the controller aborts; the flags say why.
    for await (const chunk of stream) {
      armIdle();
      if (chunk.usage) usage = chunk.usage;
      const choice = chunk.choices[0];
      if (!choice) continue;
      const piece = choice.delta.content;
      if (piece) {
        text += piece;
        onDelta?.(piece);
      }
      for (const call of choice.delta.tool_calls ?? []) {
        const slot = calls.get(call.index) ?? { id: '', name: '', arguments: '' };
        if (call.id) slot.id = call.id;
        if (call.function?.name) slot.name += call.function.name;
        if (call.function?.arguments) slot.arguments += call.function.arguments;
        calls.set(call.index, slot);
      }
      if (choice.finish_reason) finishReason = toFinishReason(choice.finish_reason);
    }
  } catch (error) {
    if (signal?.aborted) throw new LlmAbortedError();
    if (guard.timedOut()) throw timedOutError(name, timeoutMs);
    throw translateLlmError(name, error, text.length > 0);
  } finally {
    clearTimeout(idleTimer);
    guard.clear();
  }
  if (signal?.aborted) throw new LlmAbortedError();
  if (stalled) {
    throw new LlmProviderError(
      name,
      `The ${name} LLM provider stalled (no data for ${idleTimeoutMs} ms)`,
      undefined,
      { streamed: text.length > 0 },
    );
  }
  if (finishReason === undefined) {
    throw new LlmProviderError(
      name,
      `The ${name} LLM provider ended the stream before finishing`,
      undefined,
      { streamed: text.length > 0 },
    );
  }
  const toolCalls: LlmToolCall[] = [...calls.entries()]
    .sort(([a], [b]) => a - b)
    .map(([index, c]) => ({ id: c.id || `call_${index}`, name: c.name, arguments: c.arguments || '{}' }));
  return {
    provider: name,
    model: used,
    text,
    toolCalls,
    finishReason: toolCalls.length > 0 ? 'tool_calls' : finishReason,
    usage: usageOf(usage ?? undefined, request.messages, text + toolCalls.map((c) => c.arguments).join('')),
  };
}

function toWire(message: LlmMessage): ChatCompletionMessageParam {
  switch (message.role) {
    case 'system':
    case 'user':
      return { role: message.role, content: message.content };
    case 'assistant':
      return message.toolCalls && message.toolCalls.length > 0
        ? {
            role: 'assistant',
            content: message.content === '' ? null : message.content,
            tool_calls: message.toolCalls.map((c) => ({
              id: c.id,
              type: 'function',
              function: { name: c.name, arguments: c.arguments },
            })),
          }
        : { role: 'assistant', content: message.content };
    case 'tool':
      return { role: 'tool', tool_call_id: message.toolCallId, content: message.content };
  }
}

function toolToWire(tool: LlmToolSpec): ChatCompletionTool {
  return {
    type: 'function',
    function: { name: tool.name, description: tool.description, parameters: { ...tool.parameters } },
  };
}

function toFinishReason(reason: string): FinishReason {
  return reason === 'stop' || reason === 'tool_calls' || reason === 'length' || reason === 'content_filter'
    ? reason
    : 'other';
}

/** Provider usage when sent; otherwise an estimate (about four characters per token). */
export function usageOf(
  usage: { prompt_tokens?: number; completion_tokens?: number; total_tokens?: number } | undefined | null,
  prompt: readonly LlmMessage[],
  completion: string,
): LlmUsage {
  if (usage && typeof usage.prompt_tokens === 'number' && typeof usage.completion_tokens === 'number') {
    return {
      promptTokens: usage.prompt_tokens,
      completionTokens: usage.completion_tokens,
      totalTokens: usage.total_tokens ?? usage.prompt_tokens + usage.completion_tokens,
      estimated: false,
    };
  }
  return estimateUsage(prompt, completion);
}

export function estimateUsage(prompt: readonly LlmMessage[], completion: string): LlmUsage {
  const promptChars = prompt.reduce((sum, m) => sum + m.content.length, 0);
  const promptTokens = Math.ceil(promptChars / 4);
  const completionTokens = Math.ceil(completion.length / 4);
  return { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens, estimated: true };
}
