import type { PermissionTable } from '../../core/authz/index.js';

/**
 * Who may call what in the agents subgraph (a test walks every root field × role). Ownership
 * (a user sees and decides only on their own conversations and proposals; admin sees all) is
 * enforced in the resolvers, on top of these role minimums.
 */
export const permissions: PermissionTable = {
  Query: {
    agents: 'viewer',
    agent: 'viewer',
    agentTools: 'viewer',
    conversations: 'viewer',
    conversation: 'viewer',
  },
  Mutation: {
    createAgent: 'admin',
    updateAgent: 'admin',
    deleteAgent: 'admin',
    approveAction: 'operator',
    // Discarding your own proposal needs no more than the right to chat.
    rejectAction: 'viewer',
  },
  Subscription: {
    chat: 'viewer',
  },
};
