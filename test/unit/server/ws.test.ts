import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import type { Identity, TokenVerifier } from '../../../core/auth/index.js';
import { silentLogger } from '../../../core/logger.js';
import { createMetricsRegistry } from '../../../core/metrics.js';
import { attachGraphqlWs, createBaseContextFactory, errorFormatter } from '../../../core/server/index.js';
import { gaugeValue, schema, verifier, viewerToken } from './support.js';

/** Lets the event loop run until nothing is left to do right now (pending awaits resume). */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('graphql-ws on a subgraph', () => {
  let http: Server;
  let url: string;
  let release: (() => void) | undefined;
  let checking: Promise<void>;
  let endpoint: ReturnType<typeof attachGraphqlWs>;
  const registry = createMetricsRegistry('ws-test', { defaults: false });

  beforeAll(async () => {
    http = createServer();
    let entered!: () => void;
    checking = new Promise((resolve) => (entered = resolve));
    // The token check of the first connection waits until the test lets it go.
    const gated: TokenVerifier = async (authorization) => {
      const identity: Identity = await verifier(authorization);
      entered();
      await new Promise<void>((resolve) => (release = resolve));
      return identity;
    };
    endpoint = attachGraphqlWs({
      httpServer: http,
      path: '/graphql',
      schema,
      verify: gated,
      buildContext: createBaseContextFactory(verifier, silentLogger()),
      formatError: errorFormatter({ production: true, logger: silentLogger() }),
      registry,
      service: 'probe',
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}/graphql`;
  });
  afterAll(async () => {
    release?.();
    await endpoint.dispose();
    await new Promise((resolve) => http.close(resolve));
  });

  it('counts no connection whose client left while its token was being checked', async () => {
    const socket = new WebSocket(url, 'graphql-transport-ws');
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(
      JSON.stringify({
        type: 'connection_init',
        payload: { authorization: `Bearer ${await viewerToken()}` },
      }),
    );
    await checking;
    socket.terminate();
    // The server sees the socket close (its onClose runs, with nothing to release) ...
    while (endpoint.wss.clients.size > 0) await settle();
    await settle();
    // ... and only then does the token check finish.
    release!();
    for (let i = 0; i < 5; i++) await settle();
    expect(await gaugeValue(registry, 'resync_ws_connections')).toBe(0);
  });
});
