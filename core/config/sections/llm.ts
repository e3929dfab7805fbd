import { z } from 'zod';
import { optionalString, optionalUrl, positiveInt, type EnvOf } from './helpers.js';

/** The provider chain: NVIDIA's OpenAI-compatible API first, OpenAI second, offline last. */
export const llmEnv = {
  NVIDIA_API_KEY: optionalString(),
  NVIDIA_BASE_URL: optionalUrl(),
  NVIDIA_MODEL: z.string().default('meta/llama-3.3-70b-instruct'),
  NVIDIA_EMBEDDING_MODEL: z.string().default('nvidia/nv-embedqa-e5-v5'),
  OPENAI_API_KEY: optionalString(),
  OPENAI_BASE_URL: optionalUrl(),
  OPENAI_MODEL: z.string().default('gpt-4o-mini'),
  OPENAI_EMBEDDING_MODEL: z.string().default('text-embedding-3-small'),
  /** Deadline until a provider answers (headers of a stream, or the whole non-streamed answer). */
  LLM_TIMEOUT_MS: positiveInt(60_000),
  /** Longest silence between two chunks of a streamed answer before it counts as stalled. */
  LLM_IDLE_TIMEOUT_MS: positiveInt(20_000),
  /** How long a provider's breaker stays open before one trial request is let through. */
  LLM_BREAKER_RESET_MS: positiveInt(30_000),
};

type LlmEnv = EnvOf<typeof llmEnv>;

export interface LlmProviderConfig {
  name: 'nvidia' | 'openai';
  apiKey: string;
  baseURL: string;
  model: string;
  embeddingModel: string;
}

export function buildLlmConfig(env: LlmEnv) {
  const providers: LlmProviderConfig[] = [];
  if (env.NVIDIA_API_KEY !== undefined) {
    providers.push({
      name: 'nvidia',
      apiKey: env.NVIDIA_API_KEY,
      baseURL: env.NVIDIA_BASE_URL ?? 'https://integrate.api.nvidia.com/v1',
      model: env.NVIDIA_MODEL,
      embeddingModel: env.NVIDIA_EMBEDDING_MODEL,
    });
  }
  if (env.OPENAI_API_KEY !== undefined) {
    providers.push({
      name: 'openai',
      apiKey: env.OPENAI_API_KEY,
      baseURL: env.OPENAI_BASE_URL ?? 'https://api.openai.com/v1',
      model: env.OPENAI_MODEL,
      embeddingModel: env.OPENAI_EMBEDDING_MODEL,
    });
  }
  return {
    providers,
    timeoutMs: env.LLM_TIMEOUT_MS,
    idleTimeoutMs: env.LLM_IDLE_TIMEOUT_MS,
    breakerResetMs: env.LLM_BREAKER_RESET_MS,
  };
}
