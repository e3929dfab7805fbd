import type { IncomingMessage } from 'node:http';
import type { Registry } from 'prom-client';
import type WebSocket from 'ws';
import type { Identity } from '../../core/auth/index.js';
import type { Config } from '../../core/config/index.js';
import { RateLimitedError } from '../../core/errors/index.js';
import type { Logger } from '../../core/logger.js';
import { counter } from '../../core/metrics.js';
import type { RedisClient } from '../../core/redis/index.js';
import { addressMatcher, clientAddress } from './addresses.js';
import { createBudget, type Budget } from './budget.js';
import { CLOSE_RATE_LIMITED, guardSocket } from './socket-guard.js';

export interface EdgeAdmissionOptions {
  edge: Config['edge'];
  /** Shared budgets across gateway instances; undefined = per-process budgets. */
  redis: RedisClient | undefined;
  keyPrefix: string;
  logger: Logger;
  registry: Registry;
}

/**
 * The gateway's admission hooks, one per point where a caller spends something:
 *
 * | hook        | when                                   | budgets                                     |
 * | ----------- | -------------------------------------- | ------------------------------------------- |
 * | `ip`        | every HTTP request, before the token   | requests per address                        |
 * | `http`      | every HTTP request, after the token    | requests per user                           |
 * | `socket`    | a WebSocket opens                      | connections per address; messages/s guard   |
 * | `connect`   | graphql-ws connection_init (token ok)  | connections per user                        |
 * | `operation` | any operation starts over WebSocket    | operations per connection; requests per user and address |
 *
 * Every operation sent over a WebSocket (subscription, query or mutation) spends from the same
 * request budgets as an HTTP request, and holds one of its connection's slots while it runs.
 * Refusals are RATE_LIMITED with `retryAfter` (HTTP 429 + Retry-After; over WebSocket an error
 * for the operation, or close 4429 for a connection flood).
 */
export function createEdgeAdmission({ edge, redis, keyPrefix, logger, registry }: EdgeAdmissionOptions) {
  const trusted = addressMatcher(edge.trustProxy);
  const exempt = addressMatcher(edge.exemptIps);
  const refused = counter(registry, {
    name: 'resync_rate_limited_total',
    help: 'Requests, connections and messages refused by the gateway rate limits, by limit',
    labelNames: ['limit'],
  });
  const budget = (name: string, points: number, windowSeconds = edge.windowSeconds): Budget =>
    createBudget({ name, points, windowSeconds, redis, keyPrefix, logger });
  const budgets = edge.enabled
    ? {
        userRequests: budget('user-requests', edge.userRequests),
        ipRequests: budget('ip-requests', edge.ipRequests),
        userConnections: budget('user-ws-connections', edge.userWsConnections),
        ipConnections: budget('ip-ws-connections', edge.ipWsConnections),
      }
    : undefined;

  const spend = async (limit: Budget | undefined, key: string, what: string) => {
    if (!limit) return;
    const verdict = await limit.take(key);
    if (verdict.allowed) return;
    refused.inc({ limit: limit.name });
    throw new RateLimitedError(verdict.retryAfterSeconds, `Too many ${what}`);
  };
  const spendIp = (limit: Budget | undefined, ip: string, what: string) =>
    exempt(ip) ? Promise.resolve() : spend(limit, ip, `${what} from this address`);

  // The per-address connection check starts when the socket opens; connection_init waits for it.
  const socketAdmissions = new WeakMap<WebSocket, Promise<void>>();

  return {
    /** Express `trust proxy` and the WebSocket client address use the same rule. */
    trustProxy: (address: string) => trusted(address),
    clientIp: (request: Pick<IncomingMessage, 'headers' | 'socket'>) => clientAddress(request, trusted),

    ip: (ip: string) => spendIp(budgets?.ipRequests, ip, 'requests'),

    http: (identity: Identity, _ip: string) => spend(budgets?.userRequests, identity.sub, 'requests'),

    socket: (socket: WebSocket, request: IncomingMessage) => {
      guardSocket(socket, {
        messagesPerSecond: edge.enabled ? edge.wsMessagesPerSecond : undefined,
        logger,
        onFlood: () => refused.inc({ limit: 'ws-messages' }),
      });
      const admitted = spendIp(
        budgets?.ipConnections,
        clientAddress(request, trusted),
        'WebSocket connections',
      );
      socketAdmissions.set(socket, admitted);
      admitted.catch((error: RateLimitedError) =>
        socket.close(CLOSE_RATE_LIMITED, error.message.slice(0, 120)),
      );
    },

    connect: async (identity: Identity, _ip: string, socket?: WebSocket) => {
      if (socket) await socketAdmissions.get(socket);
      await spend(budgets?.userConnections, identity.sub, 'WebSocket connections');
    },

    operation: async (identity: Identity, ip: string, inFlight: number) => {
      if (budgets && inFlight >= edge.wsOperationsPerConnection) {
        refused.inc({ limit: 'ws-operations-per-connection' });
        throw new RateLimitedError(
          1,
          `Too many operations on this connection (limit ${edge.wsOperationsPerConnection})`,
        );
      }
      await spendIp(budgets?.ipRequests, ip, 'requests');
      await spend(budgets?.userRequests, identity.sub, 'requests');
    },
  };
}

export type EdgeAdmission = ReturnType<typeof createEdgeAdmission>;
