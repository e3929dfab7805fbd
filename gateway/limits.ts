import depthLimit from 'graphql-depth-limit';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import {
  GraphQLError,
  Kind,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type ParseOptions,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import type { Config } from '../core/config/index.js';

export type Limits = Config['limits'];

const limitError = (message: string, limit: string) =>
  new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', limit } });

/** Refuses documents with more aliases than allowed (alias amplification attacks). */
export function aliasLimit(maxAliases: number): ValidationRule {
  return (context: ValidationContext) => {
    let count = 0;
    return {
      Field(node) {
        if (node.alias && ++count === maxAliases + 1) {
          context.reportError(limitError(`Too many aliases: the limit is ${maxAliases}`, 'aliases'));
        }
      },
    };
  };
}

/** Depth and alias rules, added to GraphQL's own validation on both transports. */
export function limitRules(limits: Limits): ValidationRule[] {
  return [depthLimit(limits.maxDepth) as ValidationRule, aliasLimit(limits.maxAliases)];
}

/** Parse options with the token cap, shared by HTTP (Apollo parseOptions) and WebSocket. */
export function parseOptions(limits: Limits): ParseOptions {
  return { maxTokens: limits.maxTokens };
}

/** Lists cost their child selection times the page size the client asked for. */
const pagedListEstimator: ComplexityEstimator = ({ args, childComplexity }) => {
  const size = [args['first'], args['limit'], args['last'], args['tail']].find((v) => typeof v === 'number');
  return typeof size === 'number' ? 1 + childComplexity * Math.max(1, Math.min(size, 10_000)) : undefined;
};

/** Estimated cost of an operation; errors when it is above the limit. */
export function complexityErrors(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | undefined,
  limits: Limits,
): GraphQLError[] {
  try {
    const cost = getComplexity({
      schema,
      query: document,
      variables: variables ?? {},
      ...(operationName ? { operationName } : {}),
      estimators: [pagedListEstimator, simpleEstimator({ defaultComplexity: 1 })],
    });
    return cost > limits.maxComplexity
      ? [limitError(`Operation is too expensive: cost ${cost}, limit ${limits.maxComplexity}`, 'complexity')]
      : [];
  } catch {
    // getComplexity throws on bad variables; execution reports those with a better message.
    return [];
  }
}

/**
 * GraphQL's own validation plus the depth and alias limits: what does not depend on variables
 * (the WebSocket path caches it per document; HTTP gets the same through Apollo's validationRules).
 */
export function documentErrors(
  schema: GraphQLSchema,
  document: DocumentNode,
  limits: Limits,
): readonly GraphQLError[] {
  return validate(schema, document, [...specifiedRules, ...limitRules(limits)]);
}

/** The operation type a document would run, for routing (query/mutation vs subscription). */
export function operationKind(document: DocumentNode, operationName: string | undefined): string | undefined {
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const chosen = operationName
    ? operations.find((o) => o.name?.value === operationName)
    : operations.length === 1
      ? operations[0]
      : undefined;
  return chosen?.operation;
}
