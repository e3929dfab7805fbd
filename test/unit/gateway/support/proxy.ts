import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FormattedExecutionResult } from 'graphql';
import type { Registry } from 'prom-client';
import WebSocket from 'ws';
import { createTokenVerifier, signToken } from '../../../../core/auth/index.js';
import { configFrom } from '../../../../core/config/index.js';
import { silentLogger } from '../../../../core/logger.js';
import { createMetricsRegistry } from '../../../../core/metrics.js';
import { errorFormatter } from '../../../../core/server/index.js';
import type { GatewayContext } from '../../../../gateway/context.js';
import { createSubscriptionPlanner } from '../../../../gateway/subscriptions/planner.js';
import {
  attachSubscriptionProxy,
  type OperationRequest,
  type SubscriptionProxyOptions,
} from '../../../../gateway/subscriptions/proxy.js';
import { loadSupergraphSdl } from '../../../../gateway/supergraph.js';

const SECRET = 'proxy-test-secret-that-is-long-enough-0123456789';
export const token = (sub = 'olga') => signToken({ secret: SECRET, sub, roles: ['viewer'] });

const planner = createSubscriptionPlanner(loadSupergraphSdl());

/** A gate a hook waits on: `entered` resolves when the hook is reached, `open()` lets it go on. */
export function gate() {
  let reached!: () => void;
  let release!: () => void;
  const entered = new Promise<void>((resolve) => (reached = resolve));
  const opened = new Promise<void>((resolve) => (release = resolve));
  return {
    entered,
    open: () => release(),
    pass: async () => {
      reached();
      await opened;
    },
  };
}

export interface ProxyUnderTest {
  url: string;
  registry: Registry;
  /** Sockets the proxy still holds. */
  clients(): number;
  stop(): Promise<void>;
}

/**
 * The gateway's WebSocket endpoint alone, with scripted hooks: admission (connect, operation)
 * and the in-process runner of queries. Upstream subgraphs live at `upstreamUrl` (none by default).
 */
export async function startProxy(
  hooks: {
    connect?: () => Promise<void>;
    operation?: () => Promise<void>;
    executeOperation?: (
      request: OperationRequest,
      context: GatewayContext,
    ) => Promise<FormattedExecutionResult>;
    upstreamUrl?: string;
  } = {},
): Promise<ProxyUnderTest> {
  const http: Server = createServer();
  const registry = createMetricsRegistry('gateway-test', { defaults: false });
  const limits = configFrom({}).limits;
  const upstream = hooks.upstreamUrl ?? 'http://127.0.0.1:1/graphql';
  const options: SubscriptionProxyOptions = {
    httpServer: http,
    path: '/graphql',
    planner,
    subgraphUrls: { tws: upstream, knowledge: upstream, rag: upstream, agents: upstream, health: upstream },
    verifier: createTokenVerifier({ secret: SECRET }),
    limits,
    logger: silentLogger(),
    registry,
    formatError: errorFormatter({ production: true, logger: silentLogger() }),
    fetchSubgraph: () => Promise.reject(new Error('no subgraph in this test')),
    executeOperation: hooks.executeOperation ?? (async () => ({ data: { health: { status: 'UP' } } })),
    clientIp: () => '198.51.100.7',
    admission: {
      socket: () => undefined,
      connect: async () => hooks.connect?.(),
      operation: async () => hooks.operation?.(),
    },
  };
  const proxy = attachSubscriptionProxy(options);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    url: `ws://127.0.0.1:${(http.address() as AddressInfo).port}/graphql`,
    registry,
    clients: () => proxy.wss.clients.size,
    async stop() {
      await proxy.dispose();
      await new Promise((resolve) => http.close(resolve));
    },
  };
}

/** A raw graphql-transport-ws socket, for tests that must act between protocol messages. */
export async function rawClient(url: string) {
  const socket = new WebSocket(url, 'graphql-transport-ws');
  const messages: Array<{ type: string; id?: string; payload?: unknown }> = [];
  const waiters: Array<() => void> = [];
  socket.on('message', (data) => {
    messages.push(JSON.parse(String(data)) as { type: string });
    for (const wake of waiters.splice(0)) wake();
  });
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  await new Promise((resolve) => socket.once('open', resolve));
  const send = (message: unknown) => socket.send(JSON.stringify(message));
  return {
    socket,
    messages,
    closed,
    send,
    /** Resolves with the first message matching `match` (already received or to come). */
    async next(match: (m: { type: string; id?: string; payload?: unknown }) => boolean) {
      for (;;) {
        const found = messages.find(match);
        if (found) return found;
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    },
    init: async (authorization: string) => send({ type: 'connection_init', payload: { authorization } }),
  };
}

/** Lets pending callbacks and promise continuations run. */
export const settle = () => new Promise((resolve) => setImmediate(resolve));

/** Sum of a gauge's samples (0 when it has none). */
export async function gaugeValue(registry: Registry, name: string): Promise<number> {
  const { values } = (await registry.getSingleMetric(name)?.get()) ?? { values: [] };
  return values.reduce((sum, v) => sum + v.value, 0);
}
