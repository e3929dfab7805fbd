import { EventEmitter } from 'node:events';
import { silentLogger } from '../../../core/logger.js';
import { createRedisPubSub } from '../../../core/pubsub/index.js';
import type { RedisClient } from '../../../core/redis/index.js';

/** A subscriber connection whose SUBSCRIBE replies are settled by the test. */
function fakeSubscriber() {
  const emitter = new EventEmitter();
  const pending: { channel: string; resolve(): void; reject(error: Error): void }[] = [];
  const client = Object.assign(emitter, {
    subscribe: (channel: string) =>
      new Promise<void>((resolve, reject) => pending.push({ channel, resolve, reject })),
    unsubscribe: () => Promise.resolve(),
  });
  return { client: client as unknown as RedisClient, emitter, pending };
}

function makePubSub(subscriber: RedisClient) {
  const publisher = { publish: () => Promise.resolve(0) } as unknown as RedisClient;
  return createRedisPubSub({ publisher, subscriber, prefix: 'p:', logger: silentLogger() });
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('redis pub/sub subscription', () => {
  it('retries SUBSCRIBE after a failed one instead of leaving the channel dead', async () => {
    const { client, emitter, pending } = fakeSubscriber();
    const pubsub = makePubSub(client);

    const first = pubsub.listen('ch', () => undefined);
    pending[0]!.reject(new Error('Connection is closed.'));
    await expect(first).rejects.toThrow('Connection is closed.');

    const received: unknown[] = [];
    const second = pubsub.listen('ch', (p) => received.push(p));
    await settle();
    expect(pending.map((p) => p.channel)).toEqual(['p:ch', 'p:ch']);
    pending[1]!.resolve();
    await second;
    emitter.emit('message', 'p:ch', JSON.stringify({ n: 1 }));
    expect(received).toEqual([{ n: 1 }]);
  });

  it('makes a caller arriving during a pending SUBSCRIBE share its outcome', async () => {
    const { client, emitter, pending } = fakeSubscriber();
    const pubsub = makePubSub(client);

    const a = pubsub.listen('ch', () => undefined);
    const b = pubsub.listen('ch', () => undefined);
    pending[0]!.reject(new Error('blip'));
    await expect(a).rejects.toThrow('blip');
    await expect(b).rejects.toThrow('blip');
    expect(pending).toHaveLength(1);

    const received: unknown[] = [];
    const c = pubsub.listen('ch', () => undefined);
    const d = pubsub.listen('ch', (p) => received.push(p));
    let dSettled = false;
    void d.then(() => (dSettled = true));
    await settle();
    expect(dSettled).toBe(false);
    pending[1]!.resolve();
    await Promise.all([c, d]);
    expect(pending).toHaveLength(2);
    emitter.emit('message', 'p:ch', JSON.stringify('hello'));
    expect(received).toEqual(['hello']);
  });
});
