import { buildSchema, parse } from 'graphql';
import { configFrom } from '../../../core/config/index.js';
import { complexityErrors, documentErrors, operationKind, parseOptions } from '../../../gateway/limits.js';

const schema = buildSchema(`
  type Node { id: ID! child: Node children(first: Int): [Node!]! }
  type Query { node: Node nodes(first: Int): [Node!]! }
  type Subscription { ticks: Int! }
`);
const limits = { ...configFrom({}).limits, maxDepth: 5, maxAliases: 3, maxComplexity: 500, maxTokens: 200 };

const codes = (query: string, variables?: Record<string, unknown>) =>
  [
    ...documentErrors(schema, parse(query), limits),
    ...complexityErrors(schema, parse(query), variables, undefined, limits),
  ].map((e) => `${e.extensions['code'] ?? ''}:${e.extensions['limit'] ?? ''}:${e.message}`);

describe('operation limits (shared by HTTP and WebSocket)', () => {
  it('accepts a reasonable query', () => {
    expect(codes('{ node { id child { id } } }')).toEqual([]);
  });

  it('refuses queries deeper than the limit', () => {
    const deep = '{ node ' + '{ child '.repeat(6) + '{ id }' + ' }'.repeat(6) + ' }';
    expect(codes(deep).join()).toMatch(/exceeds maximum operation depth/);
  });

  it('refuses too many aliases', () => {
    expect(codes('{ a: node { id } b: node { id } c: node { id } d: node { id } }').join()).toMatch(
      /BAD_USER_INPUT:aliases:Too many aliases/,
    );
  });

  it('refuses operations whose page sizes multiply beyond the cost limit, variables included', () => {
    const query = 'query($n: Int) { nodes(first: $n) { children(first: 100) { id } } }';
    expect(codes(query, { n: 2 })).toEqual([]);
    expect(codes(query, { n: 50 }).join()).toMatch(/complexity:Operation is too expensive/);
  });

  it('caps the token count at parse time', () => {
    const huge = '{ ' + 'node { id } '.repeat(100) + '}';
    expect(() => parse(huge, parseOptions(limits))).toThrow(/tokens/);
  });

  it('tells subscriptions from queries', () => {
    expect(operationKind(parse('subscription { ticks }'), undefined)).toBe('subscription');
    expect(operationKind(parse('query A { node { id } } subscription B { ticks }'), 'B')).toBe(
      'subscription',
    );
    expect(
      operationKind(parse('query A { node { id } } subscription B { ticks }'), undefined),
    ).toBeUndefined();
  });
});
