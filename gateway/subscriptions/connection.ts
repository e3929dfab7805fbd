import type { IncomingMessage } from 'node:http';
import type { GraphQLError } from 'graphql';
import { WebSocket } from 'ws';
import type { Identity, TokenVerifier } from '../../core/auth/index.js';
import { ErrorCode } from '../../core/errors/index.js';
import { connectionParam, normaliseRequestId } from '../../core/server/index.js';
import { CLOSE_RATE_LIMITED } from '../edge/socket-guard.js';
import { atExpiry } from './expiry.js';
import { createUpstreamPool, type UpstreamPool } from './upstream.js';

/** One admitted client connection: who it is, and what it holds until it closes. */
export interface ConnectionState {
  identity: Identity;
  requestId: string;
  /** Client address (trusted proxies honoured), for per-address budgets and logs. */
  ip: string;
  /** Its upstream graphql-ws connections, one per subgraph. */
  pool: UpstreamPool;
  /** Stops the token-expiry timer. */
  cancelExpiry: () => void;
}

export interface AdmitOptions {
  verifier: TokenVerifier;
  /** Per-user connection budget; throws a coded error to refuse (RATE_LIMITED → close 4429). */
  admit: (identity: Identity, ip: string, socket: WebSocket) => Promise<void>;
  clientIp: (request: IncomingMessage) => string;
  wsUrlOf: (service: string) => string | undefined;
  /** Deadline to open an upstream (GATEWAY_SUBGRAPH_TIMEOUT_MS). */
  upstreamTimeoutMs: number;
}

/**
 * Admits a client at connection_init: verifies its token, spends its connection budget, then
 * allocates what the connection holds. Undefined means refused (graphql-ws closes with 4403,
 * unless a rate limit already closed it with 4429) — or that the client left while this was
 * awaited: its onClose has then already run and would never release anything made now.
 */
export async function admitConnection(
  params: Readonly<Record<string, unknown>> | undefined,
  socket: WebSocket,
  request: IncomingMessage,
  options: AdmitOptions,
): Promise<ConnectionState | undefined> {
  let identity: Identity;
  try {
    identity = await options.verifier(connectionParam(params, 'authorization'));
  } catch {
    return undefined;
  }
  const ip = options.clientIp(request);
  try {
    await options.admit(identity, ip, socket);
  } catch (error) {
    if ((error as GraphQLError).extensions?.['code'] === ErrorCode.RATE_LIMITED)
      socket.close(CLOSE_RATE_LIMITED, (error as Error).message.slice(0, 120));
    return undefined;
  }
  if (socket.readyState !== WebSocket.OPEN) return undefined;
  const requestId = normaliseRequestId(connectionParam(params, 'x-request-id'));
  return {
    identity,
    requestId,
    ip,
    pool: createUpstreamPool({
      wsUrlOf: options.wsUrlOf,
      authorization: `Bearer ${identity.token}`,
      requestId,
      timeoutMs: options.upstreamTimeoutMs,
    }),
    // A socket must not outlive its token.
    cancelExpiry: identity.expiresAt
      ? atExpiry(identity.expiresAt, () => socket.close(4403, 'Token expired'))
      : () => undefined,
  };
}
