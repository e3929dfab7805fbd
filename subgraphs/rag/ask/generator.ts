import type { ProviderChain } from '../../../core/llm/index.js';
import type { AnswerGenerator } from './types.js';

/**
 * Grounded answers through the shared LLM provider chain (NVIDIA → OpenAI, a breaker each),
 * non-streaming. Undefined without a remote provider: `ask` then answers extractively.
 */
export function chainGenerator(
  chain: ProviderChain,
  { maxTokens = 700, timeoutMs = 12_000 }: { maxTokens?: number; timeoutMs?: number } = {},
): AnswerGenerator | undefined {
  if (!chain.hasRemote) return undefined;
  return {
    async generate({ system, user }) {
      const deadline = AbortSignal.timeout(timeoutMs);
      const result = await chain
        .complete(
          [
            { role: 'system', content: system },
            { role: 'user', content: user },
          ],
          // Low temperature: the answer should restate the passages, not improvise. The deadline
          // aborts the request (an abort never opens a breaker) so `ask` can still answer
          // extractively before the gateway gives up on the whole request.
          { temperature: 0.1, maxTokens, signal: deadline },
        )
        .catch((error: unknown) => {
          throw deadline.aborted ? new Error(`no answer within ${timeoutMs} ms`) : error;
        });
      const text = result.text.trim();
      // An empty completion is a failed answer: `ask` falls back to the extractive one.
      if (text === '') throw new Error(`${result.provider} returned an empty answer`);
      return { text, provider: result.provider };
    },
  };
}
