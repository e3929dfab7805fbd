import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * A subgraph graphql-ws endpoint that misbehaves on cue: it accepts the socket and the
 * connection_init, then never acknowledges. The test decides what happens next (close with a
 * code, or nothing at all), so "the upstream is still opening" is a state, not a race.
 */
export async function startFakeUpstream() {
  const http: Server = createServer();
  const wss = new WebSocketServer({ server: http, handleProtocols: () => 'graphql-transport-ws' });
  const sockets: WebSocket[] = [];
  let onInit: (() => void) | undefined;
  let inits = 0;
  wss.on('connection', (socket) => {
    sockets.push(socket);
    socket.on('message', (data) => {
      if ((JSON.parse(String(data)) as { type?: string }).type !== 'connection_init') return;
      inits++;
      onInit?.();
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}/graphql`;
  return {
    url,
    /** Resolves once a client has sent connection_init (and is waiting for the ack). */
    initialised(): Promise<void> {
      return inits > 0 ? Promise.resolve() : new Promise((resolve) => (onInit = resolve));
    },
    /** Closes every socket with this code, as a subgraph refusing or restarting does. */
    closeAll(code: number, reason = ''): void {
      for (const socket of sockets) socket.close(code, reason);
    },
    async stop(): Promise<void> {
      for (const socket of sockets) socket.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

export type FakeUpstream = Awaited<ReturnType<typeof startFakeUpstream>>;
