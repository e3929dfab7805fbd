import { LRUCache } from 'lru-cache';
import { GraphQLError, parse, type DocumentNode } from 'graphql';
import { ErrorCode } from '../../core/errors/index.js';
import { complexityErrors, documentErrors, operationKind, parseOptions, type Limits } from '../limits.js';
import type { SubscriptionPlan, SubscriptionPlanner } from './planner.js';

/** What does not depend on variables: parsed once, validated once, planned once per document. */
interface Prepared {
  document: DocumentNode;
  errors: readonly GraphQLError[];
  kind: string | undefined;
  plan?: SubscriptionPlan | Error;
}

const badInput = (error: GraphQLError) =>
  new GraphQLError(error.message, {
    nodes: error.nodes ?? null,
    extensions: { ...error.extensions, code: ErrorCode.BAD_USER_INPUT },
  });

/**
 * Clients send the same few documents over and over (every dashboard tab, every chat turn), so
 * parsing, validation and query planning — the expensive part of opening a subscription — are
 * done once per distinct document and operation name. Variables still get their own cost check.
 */
export function createPreparedOperations(planner: SubscriptionPlanner, limits: Limits, max = 500) {
  const cache = new LRUCache<string, Prepared>({ max });

  return {
    /** A parsed, validated operation, or the errors to send back (parse errors are not cached). */
    prepare(
      query: string,
      operationName: string | undefined,
      variables: Record<string, unknown>,
    ): { document: DocumentNode; kind: string | undefined; key: string } | { errors: GraphQLError[] } {
      const key = `${operationName ?? ''}\u0000${query}`;
      let prepared = cache.get(key);
      if (!prepared) {
        let document: DocumentNode;
        try {
          document = parse(query, parseOptions(limits));
        } catch (error) {
          return {
            errors: [
              badInput(error instanceof GraphQLError ? error : new GraphQLError((error as Error).message)),
            ],
          };
        }
        prepared = {
          document,
          errors: documentErrors(planner.apiSchema, document, limits).map(badInput),
          kind: operationKind(document, operationName),
        };
        cache.set(key, prepared);
      }
      if (prepared.errors.length > 0) return { errors: [...prepared.errors] };
      const costly = complexityErrors(
        planner.apiSchema,
        prepared.document,
        variables,
        operationName,
        limits,
      ).map(badInput);
      if (costly.length > 0) return { errors: costly };
      return { document: prepared.document, kind: prepared.kind, key };
    },
    /** The subscription plan of a prepared document (planned on first use). */
    plan(key: string, document: DocumentNode, operationName: string | undefined): SubscriptionPlan {
      const prepared = cache.get(key);
      let plan = prepared?.plan;
      if (!plan) {
        try {
          plan = planner.plan(document, operationName);
        } catch (error) {
          plan = error as Error;
        }
        if (prepared) prepared.plan = plan;
      }
      if (plan instanceof Error) throw plan;
      return plan;
    },
  };
}
