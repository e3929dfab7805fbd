import type { Role } from '../auth/roles.js';

/**
 * Who may use a field: any verified caller (`authenticated`) or a minimum role. There is
 * deliberately no "public" level: only liveness probes work without a token, and they are
 * plain HTTP routes, not GraphQL fields.
 */
export type Access = 'authenticated' | Role;

/**
 * One subgraph's permission table. Root fields are listed one by one; anything missing is
 * denied (graphql-shield `fallbackRule: deny`). Object types default to `authenticated`
 * because they are only reachable through a root field or `_entities`, which are checked.
 */
export interface PermissionTable {
  Query?: Readonly<Record<string, Access>>;
  Mutation?: Readonly<Record<string, Access>>;
  Subscription?: Readonly<Record<string, Access>>;
  /** Stricter access for a whole type or some of its fields, e.g. `{ AuditEntry: 'admin' }`. */
  types?: Readonly<Record<string, Access | Readonly<Record<string, Access>>>>;
}

export const ROOT_TYPES = ['Query', 'Mutation', 'Subscription'] as const;
export type RootType = (typeof ROOT_TYPES)[number];
