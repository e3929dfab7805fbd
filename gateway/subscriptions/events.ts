import type { PlanNode } from '@apollo/query-planner';
import {
  execute,
  GraphQLError,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLFieldResolver,
} from 'graphql';
import { ErrorCode } from '../../core/errors/index.js';
import { executeRest, type FetchResult, type SubgraphOperation } from './rest-executor.js';

/** Runs one subgraph request over HTTP, through that subgraph's breaker and pool. */
export type FetchSubgraph = (service: string, init: RequestInit) => Promise<Response>;

/**
 * Sends the entity fetches of a subscription's `rest` plan with the caller's token and request
 * id. A failure becomes an error of this event, never a thrown one.
 */
export function subgraphSender(
  fetchSubgraph: FetchSubgraph,
  authorization: string,
  requestId: string,
): SubgraphOperation {
  return async (service, query, variables): Promise<FetchResult> => {
    try {
      const response = await fetchSubgraph(service, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization, 'x-request-id': requestId },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as FetchResult;
    } catch (error) {
      const formatted =
        error instanceof GraphQLError
          ? error.toJSON()
          : {
              message: `The ${service} service is unavailable`,
              extensions: { code: ErrorCode.UPSTREAM_UNAVAILABLE },
            };
      return { errors: [formatted] };
    }
  };
}

/** Reads a result field by response key, since subgraph data is keyed by aliases. */
const byResponseKey: GraphQLFieldResolver<unknown, unknown> = (source, _args, _ctx, info) =>
  source !== null && typeof source === 'object'
    ? (source as Record<string, unknown>)[info.path.key as string]
    : undefined;

/**
 * Turns one upstream event into the client's result: fetches the fields other subgraphs own
 * (`rest`), then shapes the merged data to the client's selection (aliases, fragments,
 * `__typename`) by executing the client's document over it.
 */
export function eventShaper(
  args: ExecutionArgs,
  rest: PlanNode | undefined,
  send: SubgraphOperation,
): (result: ExecutionResult) => Promise<ExecutionResult> {
  const variables = (args.variableValues ?? {}) as Record<string, unknown>;
  return async (result) => {
    if (!result.data) return result;
    const data = result.data as Record<string, unknown>;
    const restErrors = rest ? await executeRest(rest, data, variables, send) : [];
    const shaped = await execute({
      ...args,
      rootValue: data,
      fieldResolver: byResponseKey,
      contextValue: {},
    });
    const allErrors = [...(result.errors ?? []), ...restErrors, ...(shaped.errors ?? [])];
    return allErrors.length > 0
      ? ({ data: shaped.data, errors: allErrors } as unknown as ExecutionResult)
      : { data: shaped.data };
  };
}
