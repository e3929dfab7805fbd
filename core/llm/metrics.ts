import type { Registry } from 'prom-client';
import { counter, histogram } from '../metrics.js';
import type { LlmUsage } from './types.js';

/** Token use and latency per provider, on the service's own registry. */
export function llmMetrics(registry: Registry) {
  const tokens = counter(registry, {
    name: 'resync_llm_tokens_total',
    help: 'LLM tokens by provider and type (prompt, completion); estimated when a provider sends no usage',
    labelNames: ['provider', 'type'],
  });
  const duration = histogram(registry, {
    name: 'resync_llm_request_duration_seconds',
    help: 'LLM request latency (whole answer) by provider and outcome (ok, error, aborted, skipped)',
    labelNames: ['provider', 'outcome'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60],
  });
  const firstToken = histogram(registry, {
    name: 'resync_llm_first_token_seconds',
    help: 'Time until the first streamed text of an answer, by provider',
    labelNames: ['provider'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15],
  });
  return {
    recordUsage(provider: string, usage: LlmUsage) {
      tokens.inc({ provider, type: 'prompt' }, usage.promptTokens);
      tokens.inc({ provider, type: 'completion' }, usage.completionTokens);
    },
    observe(provider: string, outcome: 'ok' | 'error' | 'aborted' | 'skipped', seconds: number) {
      duration.observe({ provider, outcome }, seconds);
    },
    firstToken(provider: string, seconds: number) {
      firstToken.observe({ provider }, seconds);
    },
  };
}

export type LlmMetrics = ReturnType<typeof llmMetrics>;
