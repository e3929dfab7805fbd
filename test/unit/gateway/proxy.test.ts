import type { GatewayContext } from '../../../gateway/context.js';
import type { OperationRequest } from '../../../gateway/subscriptions/proxy.js';
import { startFakeUpstream } from './support/fake-upstream.js';
import {
  gate,
  gaugeValue,
  rawClient,
  settle,
  startProxy,
  token,
  type ProxyUnderTest,
} from './support/proxy.js';

const HEALTH_CHANGED = 'subscription { healthChanged { status } }';

/** Waits until the proxy has seen every socket close (its onClose has run). */
async function allClosed(proxy: ProxyUnderTest): Promise<void> {
  while (proxy.clients() > 0) await settle();
  for (let i = 0; i < 5; i++) await settle();
}

describe('the gateway WebSocket endpoint', () => {
  let proxy: ProxyUnderTest | undefined;
  afterEach(async () => {
    await proxy?.stop();
    proxy = undefined;
  });

  it('holds nothing for a client that left while its connection was being admitted', async () => {
    const admitting = gate();
    proxy = await startProxy({ connect: admitting.pass });
    const client = await rawClient(proxy.url);
    await client.init(`Bearer ${await token()}`);
    await admitting.entered;
    client.socket.terminate();
    await allClosed(proxy);
    admitting.open();
    for (let i = 0; i < 5; i++) await settle();
    expect(await gaugeValue(proxy.registry, 'resync_ws_connections')).toBe(0);
  });

  it('ends quietly a subscription whose client left while it was being admitted', async () => {
    const upstream = await startFakeUpstream();
    const admitting = gate();
    proxy = await startProxy({ operation: admitting.pass, upstreamUrl: upstream.url.replace(/^ws/, 'http') });
    try {
      const client = await rawClient(proxy.url);
      await client.init(`Bearer ${await token()}`);
      await client.next((m) => m.type === 'connection_ack');
      client.send({ id: '1', type: 'subscribe', payload: { query: HEALTH_CHANGED } });
      await admitting.entered;
      client.socket.terminate();
      await allClosed(proxy);
      admitting.open();
      for (let i = 0; i < 5; i++) await settle();
      // No upstream was opened for it, nothing is counted, and nothing was printed (jest-setup).
      expect(await gaugeValue(proxy.registry, 'resync_ws_subscriptions')).toBe(0);
      expect(await gaugeValue(proxy.registry, 'resync_ws_connections')).toBe(0);
    } finally {
      await upstream.stop();
    }
  });

  it('runs queries in-process with the connection identity; a failure is one coded error, the socket stays', async () => {
    const seen: Array<{ request: OperationRequest; context: GatewayContext }> = [];
    let fail = true;
    proxy = await startProxy({
      executeOperation: async (request, context) => {
        seen.push({ request, context });
        if (fail) throw new Error('connect ECONNREFUSED 127.0.0.1:4000');
        return { data: { health: { status: 'UP' } } };
      },
    });
    const client = await rawClient(proxy.url);
    await client.init(`Bearer ${await token('olga')}`);
    await client.next((m) => m.type === 'connection_ack');

    client.send({ id: 'a', type: 'subscribe', payload: { query: '{ health { status } }' } });
    expect(await client.next((m) => m.id === 'a' && m.type === 'next')).toMatchObject({
      payload: { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL' } }] },
    });
    fail = false;
    client.send({
      id: 'b',
      type: 'subscribe',
      payload: { query: 'query Q { health { status } }', operationName: 'Q' },
    });
    expect(await client.next((m) => m.id === 'b' && m.type === 'next')).toMatchObject({
      payload: { data: { health: { status: 'UP' } } },
    });
    expect(seen[1]!.request).toEqual({ query: 'query Q { health { status } }', operationName: 'Q' });
    expect(seen[1]!.context).toMatchObject({ identity: { sub: 'olga' }, ip: '198.51.100.7' });
    client.socket.close(1000);
    expect(await client.closed).toBe(1000);
  });
});
