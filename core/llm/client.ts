import OpenAI from 'openai';
import type { Config, LlmProviderConfig } from '../config/index.js';
import type { Logger } from '../logger.js';

export interface LlmClientOptions {
  /** Deadline until the provider answers (stream headers, or a whole non-streamed answer). */
  timeoutMs: number;
  logger: Logger;
}

/** One configured provider with its SDK client. */
export interface LlmEndpoint {
  config: Readonly<LlmProviderConfig>;
  client: OpenAI;
}

/**
 * An `openai` SDK client for one OpenAI-compatible provider (NVIDIA's endpoint or OpenAI).
 * `maxRetries: 0`: the chain decides what happens on failure (next provider, breaker), and a
 * hidden SDK retry would double the latency of an outage and the cost of a generation.
 */
export function createLlmClient(
  provider: Readonly<LlmProviderConfig>,
  { timeoutMs, logger }: LlmClientOptions,
): OpenAI {
  const log = logger.child({ llm: provider.name });
  return new OpenAI({
    apiKey: provider.apiKey,
    baseURL: provider.baseURL,
    maxRetries: 0,
    timeout: timeoutMs,
    // The SDK logs through console by default; route it to our logger (which redacts keys).
    logLevel: 'warn',
    logger: {
      error: (message, ...rest) =>
        log.error({ detail: rest.length > 0 ? String(rest[0]) : undefined }, String(message)),
      warn: (message) => log.warn(String(message)),
      info: (message) => log.info(String(message)),
      debug: (message) => log.debug(String(message)),
    },
  });
}

/** One SDK client per provider of `config.llm.providers`, in chain order (NVIDIA, then OpenAI). */
export function createLlmEndpoints(llm: Config['llm'], logger: Logger): LlmEndpoint[] {
  return llm.providers.map((provider) => ({
    config: provider,
    client: createLlmClient(provider, { timeoutMs: llm.timeoutMs, logger }),
  }));
}
