import type { Registry } from 'prom-client';
import { counter, histogram } from '../metrics.js';

export type HwaOutcome =
  | 'ok'
  | 'client_error'
  | 'server_error'
  | 'rate_limited'
  | 'timeout'
  | 'network'
  | 'malformed'
  | 'breaker_open';

/** Latency of every HWA exchange by endpoint template and outcome, and the retries made. */
export function hwaMetrics(registry: Registry) {
  return {
    duration: histogram(registry, {
      name: 'resync_hwa_request_duration_seconds',
      help: 'HWA REST call latency by endpoint template, method and outcome (one observation per attempt)',
      labelNames: ['endpoint', 'method', 'outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    }),
    retries: counter(registry, {
      name: 'resync_hwa_retries_total',
      help: 'HWA read retries by endpoint template and reason (network, server_error, rate_limited, malformed)',
      labelNames: ['endpoint', 'reason'],
    }),
  };
}
