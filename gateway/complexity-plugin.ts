import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { complexityErrors, type Limits } from './limits.js';
import type { GatewayContext } from './context.js';

/** Refuses operations above the cost limit before any subgraph is called (HTTP side). */
export function complexityPlugin(limits: Limits): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request, operationName }) {
          const [error] = complexityErrors(
            schema,
            document,
            request.variables,
            operationName ?? undefined,
            limits,
          );
          if (error) {
            throw new GraphQLError(error.message, {
              extensions: { ...error.extensions, http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}
