import type { AuditLog } from '../../core/audit/index.js';
import { DateTimeScalar } from '../../core/graphql/index.js';
import { createAuditResolvers } from './audit.js';
import type { HealthMonitor } from './monitor.js';

export function createResolvers(monitor: HealthMonitor, audit: AuditLog) {
  return {
    DateTime: DateTimeScalar,
    Query: {
      health: () => monitor.current(),
      ...createAuditResolvers(audit),
    },
    Subscription: {
      healthChanged: {
        subscribe: () => monitor.changes(),
        resolve: (health: unknown) => health,
      },
    },
  };
}
