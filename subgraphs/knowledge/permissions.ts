import type { PermissionTable } from '../../core/authz/index.js';

/** Who may call what in the knowledge subgraph (a test walks every root field × role). */
export const permissions: PermissionTable = {
  Query: {
    graphSummary: 'viewer',
    criticalPath: 'viewer',
  },
  Mutation: {
    // Loads the whole plan from HWA and rewrites the graph: DESIGN §2 gives it to admins.
    syncKnowledgeGraph: 'admin',
  },
};
