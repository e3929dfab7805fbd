import type { Role } from '../../core/auth/index.js';

/**
 * The expected access of every root field of the composed API schema (DESIGN §2): the lowest
 * role allowed. The RBAC matrix test calls each field with no token and with every role and
 * compares with this table; a root field missing here fails the test, so adding a field means
 * deciding its access deliberately.
 */
export const EXPECTED_ACCESS: Readonly<
  Record<'Query' | 'Mutation' | 'Subscription', Readonly<Record<string, Role>>>
> = {
  Query: {
    health: 'viewer',
    jobs: 'viewer',
    job: 'viewer',
    jobStreams: 'viewer',
    jobStream: 'viewer',
    workstations: 'viewer',
    planSummary: 'viewer',
    graphSummary: 'viewer',
    criticalPath: 'viewer',
    documents: 'viewer',
    document: 'viewer',
    searchDocuments: 'viewer',
    ask: 'viewer',
    agents: 'viewer',
    agent: 'viewer',
    agentTools: 'viewer',
    conversations: 'viewer',
    conversation: 'viewer',
    auditTrail: 'admin',
    verifyAuditTrail: 'admin',
  },
  Mutation: {
    rerunJob: 'operator',
    holdJob: 'operator',
    releaseJob: 'operator',
    cancelJob: 'operator',
    createAgent: 'admin',
    updateAgent: 'admin',
    deleteAgent: 'admin',
    approveAction: 'operator',
    rejectAction: 'viewer',
    syncKnowledgeGraph: 'admin',
    ingestDocument: 'operator',
    deleteDocument: 'admin',
  },
  Subscription: {
    healthChanged: 'viewer',
    chat: 'viewer',
    jobStatusChanged: 'viewer',
  },
};

/**
 * Arguments the matrix sends where a placeholder would not reach the permission check in a
 * meaningful way (e.g. an input that must parse). Keyed by `Type.field`.
 */
export const ARGUMENT_OVERRIDES: Readonly<Record<string, string>> = {};
