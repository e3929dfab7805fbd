import type { ApolloServerPlugin, BaseContext as ApolloBaseContext } from '@apollo/server';
import type { Registry } from 'prom-client';
import { operationMetrics } from '../metrics.js';

const SAFE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/**
 * Operation names are chosen by clients, so they are sanitised and capped before becoming
 * metric labels: unbounded label values would grow memory without limit.
 */
export function createOperationLabeler(maxDistinct = 200): (name: string | null | undefined) => string {
  const seen = new Set<string>();
  return (name) => {
    if (!name) return 'anonymous';
    if (!SAFE_NAME.test(name)) return 'invalid';
    if (seen.has(name)) return name;
    if (seen.size >= maxDistinct) return 'other';
    seen.add(name);
    return name;
  };
}

/** Records rate, latency and error codes of every GraphQL operation by operation name. */
export function metricsPlugin<T extends ApolloBaseContext>(registry: Registry): ApolloServerPlugin<T> {
  const metrics = operationMetrics(registry);
  const label = createOperationLabeler();
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors) {
            const code = error.extensions?.['code'];
            metrics.errors.inc({ code: typeof code === 'string' ? code : 'INTERNAL' });
          }
        },
        async willSendResponse({ operationName, operation, response }) {
          const failed =
            response.body.kind === 'single' && (response.body.singleResult.errors?.length ?? 0) > 0;
          metrics.duration.observe(
            {
              operation: label(operationName),
              type: operation?.operation ?? 'unknown',
              outcome: failed ? 'error' : 'ok',
            },
            (performance.now() - started) / 1000,
          );
        },
      };
    },
  };
}
