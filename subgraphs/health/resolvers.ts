import { DateTimeScalar } from '../../core/graphql/index.js';
import type { HealthMonitor } from './monitor.js';

export function createResolvers(monitor: HealthMonitor) {
  return {
    DateTime: DateTimeScalar,
    Query: {
      health: () => monitor.current(),
    },
    Subscription: {
      healthChanged: {
        subscribe: () => monitor.changes(),
        resolve: (health: unknown) => health,
      },
    },
  };
}
