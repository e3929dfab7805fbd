import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import { QueryPlanner, type FetchNode, type PlanNode } from '@apollo/query-planner';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import { UnreachableCaseError } from '../../core/lifecycle.js';

export interface SubscriptionPlan {
  /** The fetch that opens the subscription on the owning subgraph. */
  primary: FetchNode;
  /** Entity fetches to other subgraphs, run for every event (fields the owner does not have). */
  rest: PlanNode | undefined;
}

/**
 * What the per-event executor (rest-executor.ts) cannot run, found in the plan so the
 * subscription is refused before anything opens upstream. `@defer` never gets this far (the API
 * schema has no such directive, so validation refuses it); checked anyway, the walk is free.
 */
export function unsupportedIn(node: PlanNode | undefined): string | undefined {
  if (!node) return undefined;
  switch (node.kind) {
    case 'Sequence':
    case 'Parallel':
      return node.nodes.map(unsupportedIn).find((reason) => reason !== undefined);
    case 'Flatten':
      return unsupportedIn(node.node);
    case 'Condition':
      return unsupportedIn(node.ifClause) ?? unsupportedIn(node.elseClause);
    case 'Defer':
      return '@defer is not supported in subscriptions';
    case 'Fetch':
      return node.inputRewrites?.length || node.outputRewrites?.length || node.contextRewrites?.length
        ? 'this subscription needs query-plan rewrites, which the gateway does not support'
        : undefined;
    default:
      throw new UnreachableCaseError(node);
  }
}

/**
 * Plans subscriptions like Apollo Router does: the root field goes to its owning subgraph as
 * a subscription, and any fields owned elsewhere are fetched per event as entities.
 */
export function createSubscriptionPlanner(supergraphSdl: string) {
  const supergraph = Supergraph.build(supergraphSdl);
  const api = supergraph.apiSchema();
  const planner = new QueryPlanner(supergraph);
  const apiSchema: GraphQLSchema = api.toGraphQLJSSchema();
  return {
    apiSchema,
    plan(document: DocumentNode, operationName: string | undefined): SubscriptionPlan {
      const operation = operationFromDocument(api, document, operationName ? { operationName } : {});
      const plan = planner.buildQueryPlan(operation);
      const node = plan.node;
      if (!node || node.kind !== 'Subscription') {
        throw new Error('not a subscription plan');
      }
      const unsupported = unsupportedIn(node.primary) ?? unsupportedIn(node.rest);
      if (unsupported) throw new Error(unsupported);
      return { primary: node.primary, rest: node.rest };
    },
  };
}

export type SubscriptionPlanner = ReturnType<typeof createSubscriptionPlanner>;
