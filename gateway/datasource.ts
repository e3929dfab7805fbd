import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayContext } from './context.js';
import type { SubgraphFetch } from './subgraph-fetch.js';

/**
 * Sends each subgraph fetch with the caller's own token (every subgraph verifies it again and
 * applies its permission table) and the request id, through the subgraph's breaker.
 */
export class AuthenticatedDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(url: string, subgraphFetch: SubgraphFetch) {
    super({ url, fetcher: subgraphFetch as unknown as RemoteGraphQLDataSource['fetcher'] });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const headers = request.http?.headers;
    if (!headers) return;
    const ctx = context as Partial<GatewayContext>;
    if (ctx.identity) headers.set('authorization', `Bearer ${ctx.identity.token}`);
    if (ctx.requestId) headers.set('x-request-id', ctx.requestId);
  }
}
