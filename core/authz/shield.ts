import { applyMiddleware } from 'graphql-middleware';
import { deny, rule, shield, type IRules } from 'graphql-shield';
import { isObjectType, type GraphQLSchema } from 'graphql';
import { ForbiddenError, UnauthenticatedError } from '../errors/index.js';
import { hasRole, type Identity } from '../auth/roles.js';
import { ROOT_TYPES, type Access, type PermissionTable } from './permissions.js';

/** The part of a request context the rules read. */
export interface AuthContext {
  identity: Identity | null;
  /** Why the token was refused, so the client learns "expired" rather than a bare denial. */
  authError?: Error | undefined;
}

const requireAccess = (access: Access) =>
  rule(`require-${access}`, { cache: 'contextual' })((_parent, _args, ctx: AuthContext) => {
    if (!ctx.identity) return ctx.authError ?? new UnauthenticatedError();
    if (access === 'authenticated' || hasRole(ctx.identity.roles, access)) return true;
    return new ForbiddenError(`Requires the ${access} role`);
  });

const RULES: Readonly<Record<Access, ReturnType<typeof requireAccess>>> = {
  authenticated: requireAccess('authenticated'),
  viewer: requireAccess('viewer'),
  operator: requireAccess('operator'),
  admin: requireAccess('admin'),
};

/** Federation plumbing every subgraph must let through (see DEPENDENCIES.md P3). */
const FEDERATION_QUERY_FIELDS = { _service: RULES.authenticated, _entities: RULES.authenticated };

/**
 * Turns a permission table into graphql-shield rules for `schema`: listed root fields get
 * their rule, unlisted root fields are denied, every other object type requires a verified
 * caller unless the table is stricter.
 */
export function buildRules(schema: GraphQLSchema, table: PermissionTable): IRules {
  const rules: Record<string, unknown> = {};
  for (const root of ROOT_TYPES) {
    // graphql-middleware refuses rules for types the schema does not have.
    if (!schema.getType(root)) continue;
    const entries = table[root] ?? {};
    const fields: Record<string, unknown> = {};
    for (const [field, access] of Object.entries(entries)) fields[field] = RULES[access];
    if (root === 'Query') {
      // _entities exists only in subgraphs that define entities; shield refuses unknown fields.
      const existing = schema.getQueryType()?.getFields() ?? {};
      for (const [name, rule] of Object.entries(FEDERATION_QUERY_FIELDS))
        if (name in existing) fields[name] = rule;
    }
    // A root type whose every field is unlisted still gets an entry so `deny` is explicit.
    rules[root] = { '*': deny, ...fields };
  }
  for (const type of Object.values(schema.getTypeMap())) {
    if (
      !isObjectType(type) ||
      type.name.startsWith('__') ||
      (ROOT_TYPES as readonly string[]).includes(type.name)
    ) {
      continue;
    }
    const override = table.types?.[type.name];
    if (override === undefined) rules[type.name] = RULES.authenticated;
    else if (typeof override === 'string') rules[type.name] = RULES[override];
    else {
      const fields: Record<string, unknown> = { '*': RULES.authenticated };
      for (const [field, access] of Object.entries(override)) fields[field] = RULES[access];
      rules[type.name] = fields;
    }
  }
  return rules as IRules;
}

/** Applies the table to a subgraph schema with deny-by-default semantics. */
export function applyPermissions(schema: GraphQLSchema, table: PermissionTable): GraphQLSchema {
  const middleware = shield(buildRules(schema, table), {
    fallbackRule: deny,
    fallbackError: () => new ForbiddenError('Not allowed'),
    // Resolver errors are ours (coded); masking them here would hide NOT_FOUND and friends.
    allowExternalErrors: true,
    debug: false,
  });
  return applyMiddleware(schema, middleware);
}
