import type { PermissionTable } from '../../core/authz/index.js';

/** Who may call what in the agents subgraph (a test walks every root field × role). */
export const permissions: PermissionTable = {
  Query: {
    agents: 'viewer',
  },
};
