import { APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { UpstreamUnavailableError } from '../errors/index.js';

/**
 * The caller gave up (the client unsubscribed). Not a provider failure: it never opens a
 * breaker and never falls through to the next provider.
 */
export class LlmAbortedError extends Error {
  constructor() {
    super('LLM request aborted by the caller');
    this.name = 'LlmAbortedError';
  }
}

/** A provider failed before, or while, streaming. `streamed` says whether text already went out. */
export class LlmProviderError extends UpstreamUnavailableError {
  readonly streamed: boolean;

  constructor(
    readonly provider: string,
    message: string,
    readonly status: number | undefined,
    options: { cause?: unknown; streamed?: boolean } = {},
  ) {
    super(`llm:${provider}`, message, options.cause === undefined ? {} : { cause: options.cause });
    this.streamed = options.streamed ?? false;
  }

  /**
   * Request-specific rejections (400, 413, 422: e.g. a model without tool support) are not the
   * provider being down: they must not open its breaker, though the chain still tries the next.
   */
  get countsAgainstProvider(): boolean {
    return this.status === undefined || ![400, 413, 422].includes(this.status);
  }
}

/** Translates whatever the openai SDK threw into our coded error; the cause is kept. */
export function translateLlmError(
  provider: string,
  error: unknown,
  streamed = false,
): LlmProviderError | LlmAbortedError {
  if (error instanceof LlmAbortedError || error instanceof LlmProviderError) return error;
  if (error instanceof APIUserAbortError) return new LlmAbortedError();
  if (error instanceof APIConnectionTimeoutError) {
    return new LlmProviderError(provider, `The ${provider} LLM provider timed out`, undefined, {
      cause: error,
      streamed,
    });
  }
  if (error instanceof APIError && typeof error.status === 'number') {
    const status = error.status;
    const reason =
      status === 401 || status === 403
        ? 'refused the API key'
        : status === 429
          ? 'is rate limiting us'
          : status >= 500
            ? `failed (HTTP ${status})`
            : `rejected the request (HTTP ${status})`;
    return new LlmProviderError(provider, `The ${provider} LLM provider ${reason}`, status, {
      cause: error,
      streamed,
    });
  }
  return new LlmProviderError(provider, `The ${provider} LLM provider is unreachable`, undefined, {
    cause: error,
    streamed,
  });
}
