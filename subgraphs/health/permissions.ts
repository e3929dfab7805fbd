import type { PermissionTable } from '../../core/authz/index.js';

/** Who may call what in the health subgraph (a test walks every root field × role). */
export const permissions: PermissionTable = {
  Query: {
    health: 'viewer',
    auditTrail: 'admin',
    verifyAuditTrail: 'admin',
  },
  Subscription: {
    healthChanged: 'viewer',
  },
};
