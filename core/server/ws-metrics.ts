import type { Registry } from 'prom-client';
import { gauge } from '../metrics.js';

/**
 * The graphql-ws gauges, one series name for the gateway and every subgraph, so "is the
 * upstream really closed?" is one query away.
 */
export function wsMetrics(registry: Registry) {
  return {
    connections: gauge(registry, { name: 'resync_ws_connections', help: 'Open graphql-ws connections' }),
    subscriptions: gauge(registry, {
      name: 'resync_ws_subscriptions',
      help: 'Active subscriptions, by the subgraph that serves them',
      labelNames: ['subgraph'],
    }),
  };
}
