import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import WebSocket from 'ws';
import { collect } from '../../harness/client.js';
import { startTestStack, type TestStack } from '../../harness/stack.js';

const HEALTH = '{ health { status } }';

/**
 * Hostile or broken input at the gateway: every case gets a 4xx answer (or a WebSocket close
 * with a 4xxx/1xxx protocol code), nothing crashes, nothing prints (the jest setup fails a test
 * that writes to the console), and the gateway keeps serving afterwards.
 */
describe('malformed input at the gateway', () => {
  let t: TestStack;
  let token: string;
  beforeAll(async () => {
    t = await startTestStack();
    token = await t.token('viewer');
  });
  afterAll(() => t.stop());
  afterEach(async () => {
    // Still standing after each case.
    const res = await t.query(HEALTH, { role: 'viewer' });
    expect(res.status).toBe(200);
  });

  const post = (body: string | Uint8Array, contentType = 'application/json') =>
    fetch(t.url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
      body,
    });

  it.each([
    ['truncated JSON', '{"query": "{ health'],
    ['JSON that is not an object', '"{ health { status } }"'],
    ['a batch (batched requests are off)', JSON.stringify([{ query: HEALTH }, { query: HEALTH }])],
    ['a query that is not a string', JSON.stringify({ query: 42 })],
    ['variables that are not an object', JSON.stringify({ query: HEALTH, variables: 'x' })],
    ['a document that does not parse', JSON.stringify({ query: '{ health { status ' })],
    ['no query at all', '{}'],
  ])('answers %s with 400 BAD_USER_INPUT', async (_label, body) => {
    const response = await post(body);
    expect(response.status).toBe(400);
    const json = (await response.json()) as {
      data?: unknown;
      errors: Array<{ extensions: { code: string } }>;
    };
    expect(json.data ?? null).toBeNull();
    expect(json.errors[0]!.extensions.code).toBe('BAD_USER_INPUT');
  });

  it('answers a body over GATEWAY_MAX_BODY_BYTES with 413', async () => {
    const response = await post(
      JSON.stringify({ query: HEALTH, variables: { pad: 'x'.repeat(1600 * 1024) } }),
    );
    expect(response.status).toBe(413);
  });

  it('answers binary garbage with a 4xx, whatever the declared content type', async () => {
    for (const type of ['application/json', 'application/octet-stream', 'text/plain']) {
      const response = await post(randomBytes(4096), type);
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
    }
  });

  it('answers bytes that are not HTTP at all with 400 and closes the connection', async () => {
    const { port } = new URL(t.url);
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () =>
        socket.write(Buffer.concat([randomBytes(512), Buffer.from('\r\n\r\n')])),
      );
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString('latin1')));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400 Bad Request/);
  });

  it('answers oversized headers with 431', async () => {
    const response = await fetch(t.url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'x-padding': 'x'.repeat(20 * 1024),
      },
      body: JSON.stringify({ query: HEALTH }),
    });
    expect(response.status).toBe(431);
  });

  describe('over WebSocket', () => {
    async function openSocket(protocol = 'graphql-transport-ws') {
      const socket = new WebSocket(t.wsUrl, protocol);
      socket.on('error', () => undefined);
      const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
      await new Promise<void>((resolve) => socket.once('open', () => resolve()));
      return { socket, closed };
    }

    async function acknowledged() {
      const opened = await openSocket();
      const ack = new Promise<void>((resolve) => opened.socket.once('message', () => resolve()));
      opened.socket.send(
        JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }),
      );
      await ack;
      return opened;
    }

    it('closes with 1009 on a message over GATEWAY_MAX_WS_MESSAGE_BYTES', async () => {
      const { socket, closed } = await acknowledged();
      socket.send(
        JSON.stringify({
          id: '1',
          type: 'subscribe',
          payload: { query: `{ ${'__typename '.repeat(20_000)}}` },
        }),
      );
      expect(await closed).toBe(1009);
    });

    it('closes with 1007 on a text frame that is not UTF-8', async () => {
      const { socket, closed } = await acknowledged();
      socket.send(Buffer.from([0xc3, 0x28, 0xff, 0xfe]), { binary: false });
      expect(await closed).toBe(1007);
    });

    it('closes with 4400 on binary garbage and on JSON that is not a graphql-ws message', async () => {
      const first = await acknowledged();
      first.socket.send(randomBytes(256), { binary: true });
      expect(await first.closed).toBe(4400);
      const second = await acknowledged();
      second.socket.send(JSON.stringify({ hello: 'world' }));
      expect(await second.closed).toBe(4400);
    });

    it('does not open a socket for a client that speaks another subprotocol', async () => {
      const socket = new WebSocket(t.wsUrl, 'graphql-ws');
      const failure = new Promise<string>((resolve) =>
        socket.once('error', (error) => resolve(error.message)),
      );
      const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
      // The server selects no subprotocol, so a conforming client fails the handshake.
      expect(await failure).toBe('Server sent no subprotocol');
      expect(await closed).toBe(1006);
    });

    it('still serves subscriptions after all that', async () => {
      const client = await t.ws('viewer');
      try {
        const [first] = await collect(client, HEALTH, { timeoutMs: 5000 });
        expect(first?.data).toEqual({ health: { status: expect.any(String) } });
      } finally {
        await client.dispose();
      }
    });
  });
});
