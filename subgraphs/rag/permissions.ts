import type { PermissionTable } from '../../core/authz/index.js';

/** Who may call what in the rag subgraph (a test walks every root field × role). */
export const permissions: PermissionTable = {
  Query: {
    documents: 'viewer',
    document: 'viewer',
    searchDocuments: 'viewer',
    ask: 'viewer',
  },
  Mutation: {
    ingestDocument: 'operator',
    deleteDocument: 'admin',
  },
};
