import { createMemoryPubSub, createQueueIterator } from '../../../core/pubsub/index.js';

describe('in-memory pub/sub', () => {
  it('delivers to every subscriber of a channel and stops after return()', async () => {
    const pubsub = createMemoryPubSub();
    const a = pubsub.subscribe<{ n: number }>('ch');
    const b = pubsub.subscribe<{ n: number }>('ch');
    await pubsub.publish('ch', { n: 1 });
    await pubsub.publish('other', { n: 99 });
    expect((await a.next()).value).toEqual({ n: 1 });
    expect((await b.next()).value).toEqual({ n: 1 });
    await a.return!();
    await pubsub.publish('ch', { n: 2 });
    expect(await a.next()).toEqual({ done: true, value: undefined });
    expect((await b.next()).value).toEqual({ n: 2 });
    await pubsub.close();
  });

  it('delivers copies, as Redis would', async () => {
    const pubsub = createMemoryPubSub();
    const received: unknown[] = [];
    await pubsub.listen('ch', (p) => received.push(p));
    const payload = { at: new Date('2026-01-01T00:00:00Z') };
    await pubsub.publish('ch', payload);
    expect(received).toEqual([{ at: '2026-01-01T00:00:00.000Z' }]);
  });
});

describe('queue iterator', () => {
  it('resolves a pending next() when return() is called (no hanging subscribers)', async () => {
    let closed = 0;
    const { iterator } = createQueueIterator<number>(() => closed++);
    const pending = iterator.next();
    await iterator.return!();
    await expect(pending).resolves.toEqual({ done: true, value: undefined });
    expect(closed).toBe(1);
    await iterator.return!();
    expect(closed).toBe(1);
  });

  it('drops the oldest messages beyond the buffer size', async () => {
    const { iterator, push } = createQueueIterator<number>(() => undefined, { bufferSize: 2 });
    push(1);
    push(2);
    push(3);
    expect((await iterator.next()).value).toBe(2);
    expect((await iterator.next()).value).toBe(3);
  });
});
