import type { PermissionTable } from '../../core/authz/index.js';

/** Who may call what in the tws subgraph (a test walks every root field × role). */
export const permissions: PermissionTable = {
  Query: {
    jobs: 'viewer',
    job: 'viewer',
    jobStreams: 'viewer',
    jobStream: 'viewer',
    workstations: 'viewer',
    planSummary: 'viewer',
  },
  Mutation: {
    rerunJob: 'operator',
    holdJob: 'operator',
    releaseJob: 'operator',
    cancelJob: 'operator',
  },
  Subscription: {
    jobStatusChanged: 'viewer',
  },
};
