import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import { QueryPlanner, type FetchNode, type PlanNode } from '@apollo/query-planner';
import type { DocumentNode, GraphQLSchema } from 'graphql';

export interface SubscriptionPlan {
  /** The fetch that opens the subscription on the owning subgraph. */
  primary: FetchNode;
  /** Entity fetches to other subgraphs, run for every event (fields the owner does not have). */
  rest: PlanNode | undefined;
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
      return { primary: node.primary, rest: node.rest };
    },
  };
}

export type SubscriptionPlanner = ReturnType<typeof createSubscriptionPlanner>;
