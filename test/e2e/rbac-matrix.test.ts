import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isAbstractType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
} from 'graphql';
import { hasRole, ROLES, type Role } from '../../core/auth/index.js';
import { createSubscriptionPlanner } from '../../gateway/subscriptions/planner.js';
import { loadSupergraphSdl } from '../../gateway/supergraph.js';
import { collect } from '../harness/client.js';
import { startTestStack, type TestStack } from '../harness/stack.js';
import { ARGUMENT_OVERRIDES, EXPECTED_ACCESS } from './rbac-table.js';

const apiSchema = createSubscriptionPlanner(loadSupergraphSdl()).apiSchema;
type RootName = keyof typeof EXPECTED_ACCESS;
const roots: Array<[RootName, GraphQLObjectType | null | undefined]> = [
  ['Query', apiSchema.getQueryType()],
  ['Mutation', apiSchema.getMutationType()],
  ['Subscription', apiSchema.getSubscriptionType()],
];

/** A literal that passes validation for an input type (required fields only). */
function placeholder(type: GraphQLInputType): string {
  if (isNonNullType(type)) return placeholder(type.ofType);
  if (isListType(type)) return `[${placeholder(type.ofType)}]`;
  const named = getNamedType(type);
  if (isEnumType(named)) return named.getValues()[0]!.name;
  if (isInputObjectType(named)) {
    const fields = Object.values(named.getFields()).filter(
      (f) => isNonNullType(f.type) && f.defaultValue === undefined,
    );
    return `{ ${fields.map((f) => `${f.name}: ${placeholder(f.type)}`).join(', ')} }`;
  }
  switch (named.name) {
    case 'Int':
    case 'Float':
      return '1';
    case 'Boolean':
      return 'false';
    case 'DateTime':
      return '"2026-01-01T00:00:00Z"';
    default:
      return '"rbac-matrix-placeholder"';
  }
}

function operationFor(root: RootName, field: GraphQLField<unknown, unknown>): string {
  const override = ARGUMENT_OVERRIDES[`${root}.${field.name}`];
  const required = field.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined);
  const args =
    override ??
    (required.length > 0 ? `(${required.map((a) => `${a.name}: ${placeholder(a.type)}`).join(', ')})` : '');
  const type = getNamedType(field.type);
  const selection = isObjectType(type) || isAbstractType(type) ? ' { __typename }' : '';
  return `${root.toLowerCase()} { ${field.name}${args}${selection} }`;
}

const cases = roots.flatMap(([root, type]) =>
  Object.values(type?.getFields() ?? {}).map((field) => ({
    root,
    field,
    operation: operationFor(root, field),
  })),
);

describe('RBAC matrix: every root field × no token, viewer, operator, admin', () => {
  let t: TestStack;
  beforeAll(async () => {
    t = await startTestStack();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('has an expectation for every root field of the composed API schema, and nothing stale', () => {
    const actual = Object.fromEntries(
      roots.map(([root, type]) => [root, Object.keys(type?.getFields() ?? {}).sort()]),
    );
    const expected = Object.fromEntries(
      roots.map(([root]) => [root, Object.keys(EXPECTED_ACCESS[root]).sort()]),
    );
    expect(expected).toEqual(actual);
  });

  const callers: Array<Role | null> = [null, ...ROLES];
  for (const { root, field, operation } of cases) {
    it(`${root}.${field.name}`, async () => {
      const minimum = EXPECTED_ACCESS[root][field.name];
      if (!minimum) throw new Error(`${root}.${field.name} has no entry in test/e2e/rbac-table.ts`);
      const outcomes: string[] = [];
      for (const caller of callers) {
        const codes =
          root === 'Subscription'
            ? await subscriptionCodes(t, operation, caller)
            : await httpCodes(t, operation, caller);
        const expected =
          caller === null ? 'UNAUTHENTICATED' : hasRole([caller], minimum) ? 'allowed' : 'FORBIDDEN';
        const got = codes.includes('UNAUTHENTICATED')
          ? 'UNAUTHENTICATED'
          : codes.includes('FORBIDDEN')
            ? 'FORBIDDEN'
            : 'allowed';
        outcomes.push(
          `${caller ?? 'anonymous'}: expected ${expected}, got ${got}${got === expected ? '' : ` (${codes.join(',')})`}`,
        );
      }
      expect(
        outcomes.filter(
          (o) => !o.includes('expected allowed, got allowed') && !/expected (\w+), got \1/.test(o),
        ),
      ).toEqual([]);
    });
  }
});

async function httpCodes(t: TestStack, operation: string, caller: Role | null): Promise<string[]> {
  const res = caller === null ? await t.query(operation) : await t.query(operation, { role: caller });
  return (res.errors ?? []).map((e) => String(e.extensions?.['code'] ?? 'NONE'));
}

/** First frame of a subscription: an error code, or "allowed" if data or nothing arrived. */
async function subscriptionCodes(t: TestStack, operation: string, caller: Role | null): Promise<string[]> {
  const client = await t.ws(caller);
  try {
    const events = await collect(client, operation, { timeoutMs: 700, until: () => true });
    return events.flatMap((e) => (e.errors ?? []).map((err) => String(err.extensions?.['code'] ?? 'NONE')));
  } catch (error) {
    const code = (error as { code?: number }).code;
    if (code === 4403) return ['UNAUTHENTICATED'];
    if (Array.isArray(error))
      return error.map((e: { extensions?: { code?: string } }) => String(e.extensions?.code ?? 'NONE'));
    throw error;
  } finally {
    await client.dispose();
  }
}
