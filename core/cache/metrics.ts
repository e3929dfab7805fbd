import type { Registry } from 'prom-client';
import { counter } from '../metrics.js';

/** Hit/miss per level and kind (the hit ratio), invalidations and L2 errors. */
export function cacheMetrics(registry: Registry) {
  return {
    requests: counter(registry, {
      name: 'resync_cache_requests_total',
      help: 'Cache lookups by cache, kind, level (l1, l2) and result (hit, miss)',
      labelNames: ['cache', 'kind', 'level', 'result'],
    }),
    invalidations: counter(registry, {
      name: 'resync_cache_invalidations_total',
      help: 'Cache invalidations by cache, kind, scope (key, kind) and origin (local, remote)',
      labelNames: ['cache', 'kind', 'scope', 'origin'],
    }),
    errors: counter(registry, {
      name: 'resync_cache_errors_total',
      help: 'Redis (L2) cache operations that failed and were skipped, by operation',
      labelNames: ['cache', 'operation'],
    }),
  };
}

export type CacheMetrics = ReturnType<typeof cacheMetrics>;
