import type { ProviderChain } from '../../../core/llm/index.js';
import type { AnswerGenerator } from './types.js';

/**
 * Grounded answers through the shared LLM provider chain (NVIDIA → OpenAI, a breaker each),
 * non-streaming. Undefined without a remote provider: `ask` then answers extractively.
 */
export function chainGenerator(chain: ProviderChain, { maxTokens = 700 }: { maxTokens?: number } = {}): AnswerGenerator | undefined {
  if (!chain.hasRemote) return undefined;
  return {
    async generate({ system, user }) {
      const result = await chain.complete(
        [
          { role: 'system', content: system },
          { role: 'user', content: user },
        ],
        // Low temperature: the answer should restate the passages, not improvise.
        { temperature: 0.1, maxTokens },
      );
      const text = result.text.trim();
      // An empty completion is a failed answer: `ask` falls back to the extractive one.
      if (text === '') throw new Error(`${result.provider} returned an empty answer`);
      return { text, provider: result.provider };
    },
  };
}
