import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { postGraphQL, type GraphQLResponse } from '../../harness/client.js';

/**
 * The gateway trusts loopback as a proxy (GATEWAY_TRUST_PROXY), so a test on 127.0.0.1 can
 * speak for any client address through X-Forwarded-For: how these tests give each simulated
 * client its own address.
 */
export function fromAddress(ip: string) {
  return { 'x-forwarded-for': ip };
}

/** POSTs one operation as the given user (token) from the given client address. */
export function postAs(
  url: string,
  query: string,
  token: string | undefined,
  ip: string,
): Promise<GraphQLResponse> {
  return postGraphQL(url, query, { token, headers: fromAddress(ip) });
}

/** A graphql-ws client whose upgrade request carries X-Forwarded-For: `ip`. */
export function wsClientFrom(url: string, token: string, ip: string): Client {
  class WebSocketFrom extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { headers: fromAddress(ip) });
    }
  }
  return createClient({
    url,
    webSocketImpl: WebSocketFrom,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
    lazy: true,
  });
}

/** The first result (or thrown error) of one operation over an open graphql-ws client. */
export async function firstResult(
  client: Client,
  query: string,
): Promise<{ result?: Record<string, unknown>; error?: unknown }> {
  const iterator = client.iterate({ query });
  try {
    const step = await iterator.next();
    return { result: step.value as Record<string, unknown> };
  } catch (error) {
    return { error };
  } finally {
    await iterator.return?.();
  }
}

/** Opens a raw graphql-transport-ws socket and acknowledges the connection. */
export async function rawSocket(
  url: string,
  token: string,
  ip = '198.51.100.1',
): Promise<{ socket: WebSocket; closed: Promise<{ code: number; reason: string }> }> {
  const socket = new WebSocket(url, 'graphql-transport-ws', { headers: fromAddress(ip) });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() }));
  });
  socket.on('error', () => undefined); // the close event carries what the test checks
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('unexpected-response', () => reject(new Error('upgrade refused')));
  });
  const acked = new Promise<void>((resolve, reject) => {
    socket.once('message', (data) =>
      JSON.parse(String(data)).type === 'connection_ack' ? resolve() : reject(new Error(String(data))),
    );
  });
  socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }));
  await acked;
  return { socket, closed };
}

export const codeOf = (response: GraphQLResponse) => response.errors?.[0]?.extensions?.['code'];
