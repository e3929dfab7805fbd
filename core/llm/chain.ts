import type { Registry } from 'prom-client';
import { breakerState, createBreaker, isBreakerOpenError, type CircuitBreaker } from '../breaker.js';
import type { Config } from '../config/index.js';
import { UpstreamUnavailableError } from '../errors/index.js';
import type { Logger } from '../logger.js';
import { createLlmEndpoints } from './client.js';
import { LlmAbortedError, LlmProviderError } from './errors.js';
import { llmMetrics } from './metrics.js';
import { createOpenAiProvider } from './openai-provider.js';
import type {
  ChatCallOptions,
  ChatProvider,
  ChatRequest,
  ChatResult,
  CompleteOptions,
  CompletionResult,
  LlmMessage,
  ProviderStatus,
} from './types.js';

/** A remote provider that can also answer without streaming (rag's `ask`). */
export type RemoteProvider = ChatProvider & {
  complete(messages: readonly LlmMessage[], options?: CompleteOptions): Promise<CompletionResult>;
  baseURL?: string;
};

export interface ProviderChainOptions {
  /** Remote providers in order of preference (NVIDIA, then OpenAI). */
  remotes: readonly RemoteProvider[];
  /** Last resort that cannot be down, e.g. the agents' offline responder. @default none */
  local?: ChatProvider;
  registry: Registry;
  logger: Logger;
  /** Breaker tuning shared by every provider (each still gets its own breaker). */
  breaker?: { resetTimeoutMs?: number; volumeThreshold?: number; errorThresholdPercentage?: number };
}

export interface ChainChatOptions extends ChatCallOptions {
  /**
   * Try this provider first (an agent's configured provider), with its model. The others
   * follow in chain order; `model` applies only when `provider` serves the request.
   */
  route?: { provider: string; model?: string | undefined };
}

/** What went wrong with a provider the chain skipped or moved past, for logs and events. */
export interface Fallback {
  provider: string;
  reason: string;
}

export interface ProviderChain {
  /** True when at least one remote provider is configured. */
  readonly hasRemote: boolean;
  /**
   * One streamed chat round. Falls through to the next provider when one fails (or has its
   * breaker open) before any text went out; a failure after text went out is thrown, since the
   * caller already showed part of an answer. Aborting `signal` stops at once, with no fallthrough.
   */
  chat(request: ChatRequest, options?: ChainChatOptions): Promise<ChatResult & { fallbacks: Fallback[] }>;
  /**
   * A whole answer without streaming, from the remote providers only. Throws
   * UPSTREAM_UNAVAILABLE (upstream `llm`) when none is configured or all fail.
   */
  complete(messages: readonly LlmMessage[], options?: CompleteOptions): Promise<CompletionResult>;
  status(): ProviderStatus[];
}

interface Guarded {
  provider: RemoteProvider;
  chat: CircuitBreaker<[ChatRequest, ChatCallOptions], ChatResult>;
  complete: CircuitBreaker<[readonly LlmMessage[], CompleteOptions], CompletionResult>;
}

/** The provider chain with one opossum breaker per provider (ENGINEERING habit 4). */
export function createProviderChain({
  remotes,
  local,
  registry,
  logger,
  breaker = {},
}: ProviderChainOptions): ProviderChain {
  const metrics = llmMetrics(registry);
  const isFailure = (error: unknown) => error instanceof LlmProviderError && error.countsAgainstProvider;
  const guarded: Guarded[] = remotes.map((provider) => {
    const common = {
      registry,
      logger,
      resetTimeoutMs: breaker.resetTimeoutMs ?? 30_000,
      volumeThreshold: breaker.volumeThreshold ?? 5,
      errorThresholdPercentage: breaker.errorThresholdPercentage ?? 50,
      isFailure,
    };
    // Streaming and non-streaming calls hit the same endpoint: one breaker state would be ideal,
    // but opossum wraps one function; both breakers share the name so metrics show one upstream.
    const chat = createBreaker(
      (request: ChatRequest, options: ChatCallOptions) => provider.chat(request, options),
      {
        ...common,
        name: `llm:${provider.name}`,
      },
    );
    const complete = createBreaker(
      (messages: readonly LlmMessage[], options: CompleteOptions) => provider.complete(messages, options),
      { ...common, name: `llm:${provider.name}:complete` },
    );
    return { provider, chat, complete };
  });

  const ordered = (route?: ChainChatOptions['route']) => {
    if (!route) return guarded;
    const first = guarded.filter((g) => g.provider.name === route.provider);
    return [...first, ...guarded.filter((g) => g.provider.name !== route.provider)];
  };

  return {
    hasRemote: guarded.length > 0,

    async chat(request, options = {}) {
      const fallbacks: Fallback[] = [];
      const { route, signal, onDelta } = options;
      // Routing to the local provider means "no remote call at all" (an OFFLINE agent).
      const remotesToTry = local && route?.provider === local.name ? [] : ordered(route);
      for (const g of remotesToTry) {
        const name = g.provider.name;
        const started = performance.now();
        let streamed = false;
        const callOptions: ChatCallOptions = {
          ...(signal ? { signal } : {}),
          onDelta: (text) => {
            if (!streamed) metrics.firstToken(name, (performance.now() - started) / 1000);
            streamed = true;
            onDelta?.(text);
          },
        };
        const routed =
          route?.provider === name && route.model
            ? { ...request, model: route.model }
            : { ...request, model: undefined };
        try {
          const result = await g.chat.fire(withoutUndefinedModel(routed), callOptions);
          metrics.observe(name, 'ok', (performance.now() - started) / 1000);
          metrics.recordUsage(name, result.usage);
          return { ...result, fallbacks };
        } catch (error) {
          if (error instanceof LlmAbortedError || signal?.aborted) {
            metrics.observe(name, 'aborted', (performance.now() - started) / 1000);
            throw error instanceof LlmAbortedError ? error : new LlmAbortedError();
          }
          const skipped = isBreakerOpenError(error);
          metrics.observe(name, skipped ? 'skipped' : 'error', (performance.now() - started) / 1000);
          const reason = skipped ? 'circuit breaker open' : (error as Error).message;
          logger.warn({ provider: name, reason }, 'LLM provider failed; trying the next one');
          if (streamed || (error instanceof LlmProviderError && error.streamed))
            throw asUpstream(name, error);
          fallbacks.push({ provider: name, reason });
        }
      }
      if (!local) {
        throw new UpstreamUnavailableError(
          'llm',
          guarded.length === 0 ? 'No LLM provider is configured' : 'Every LLM provider failed',
        );
      }
      const started = performance.now();
      try {
        const result = await local.chat(request, options);
        metrics.observe(local.name, 'ok', (performance.now() - started) / 1000);
        metrics.recordUsage(local.name, result.usage);
        return { ...result, fallbacks };
      } catch (error) {
        metrics.observe(
          local.name,
          signal?.aborted ? 'aborted' : 'error',
          (performance.now() - started) / 1000,
        );
        throw error;
      }
    },

    async complete(messages, options = {}) {
      for (const g of guarded) {
        const name = g.provider.name;
        const started = performance.now();
        try {
          const result = await g.complete.fire(messages, options);
          metrics.observe(name, 'ok', (performance.now() - started) / 1000);
          metrics.recordUsage(name, result.usage);
          return result;
        } catch (error) {
          if (error instanceof LlmAbortedError || options.signal?.aborted) throw error;
          const skipped = isBreakerOpenError(error);
          metrics.observe(name, skipped ? 'skipped' : 'error', (performance.now() - started) / 1000);
          logger.warn(
            { provider: name, reason: skipped ? 'circuit breaker open' : (error as Error).message },
            'LLM provider failed; trying the next one',
          );
        }
      }
      throw new UpstreamUnavailableError(
        'llm',
        guarded.length === 0 ? 'No LLM provider is configured' : 'Every LLM provider failed',
      );
    },

    status() {
      const remote: ProviderStatus[] = guarded.map((g) => ({
        name: g.provider.name,
        model: g.provider.model,
        kind: 'remote',
        state: breakerState(g.chat) === 'closed' ? breakerState(g.complete) : breakerState(g.chat),
        ...(g.provider.baseURL ? { baseURL: g.provider.baseURL } : {}),
      }));
      return local
        ? [...remote, { name: local.name, model: local.model, kind: 'local', state: 'closed' }]
        : remote;
    },
  };
}

function withoutUndefinedModel(request: ChatRequest & { model?: string | undefined }): ChatRequest {
  if (request.model !== undefined) return request;
  const { model: _unused, ...rest } = request;
  return rest;
}

function asUpstream(provider: string, error: unknown): UpstreamUnavailableError {
  if (error instanceof UpstreamUnavailableError) return error;
  return new UpstreamUnavailableError(`llm:${provider}`, `The ${provider} LLM provider failed mid-answer`, {
    cause: error,
  });
}

export interface ChainFromConfigOptions {
  registry: Registry;
  logger: Logger;
  local?: ChatProvider;
}

/** The chain for `config.llm`: one SDK client and one breaker per configured provider. */
export function createProviderChainFromConfig(
  llm: Config['llm'],
  { registry, logger, local }: ChainFromConfigOptions,
): ProviderChain {
  const remotes = createLlmEndpoints(llm, logger).map((endpoint) => ({
    ...createOpenAiProvider({
      name: endpoint.config.name,
      client: endpoint.client,
      model: endpoint.config.model,
      idleTimeoutMs: llm.idleTimeoutMs,
      timeoutMs: llm.timeoutMs,
    }),
    baseURL: endpoint.config.baseURL,
  }));
  return createProviderChain({
    remotes,
    registry,
    logger,
    breaker: { resetTimeoutMs: llm.breakerResetMs },
    ...(local ? { local } : {}),
  });
}
