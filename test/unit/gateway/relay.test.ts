import type { ExecutionResult } from 'graphql';
import { relay } from '../../../gateway/subscriptions/relay.js';

/** An upstream that yields the given events, then waits (as an idle subscription does). */
function fakeUpstream(events: ExecutionResult[]) {
  const returned = jest.fn(async () => ({ done: true as const, value: undefined }));
  const iterator: AsyncIterableIterator<ExecutionResult> = {
    next: async () =>
      events.length > 0 ? { done: false, value: events.shift()! } : new Promise<never>(() => undefined),
    return: returned,
    [Symbol.asyncIterator]: () => iterator,
  };
  return { iterator, returned };
}

describe('relaying one upstream subscription', () => {
  it('closes the upstream when shaping an event fails, and ends with one error result', async () => {
    const upstream = fakeUpstream([{ data: { healthChanged: { status: 'UP' } } }]);
    const ended = jest.fn();
    const relayed = relay(
      upstream.iterator,
      'health',
      async () => {
        throw new Error('cannot merge');
      },
      ended,
    );
    const first = await relayed.next();
    expect(first.done).toBe(false);
    expect(first.value?.errors?.[0]?.message).toBe('cannot merge');
    expect(await relayed.next()).toEqual({ done: true, value: undefined });
    expect(upstream.returned).toHaveBeenCalledTimes(1);
    expect(ended).toHaveBeenCalledTimes(1);
  });

  it('passes shaped events through and closes the upstream when the client ends', async () => {
    const upstream = fakeUpstream([{ data: { n: 1 } }]);
    const ended = jest.fn();
    const relayed = relay(upstream.iterator, 'health', async (r) => ({ data: { shaped: r.data } }), ended);
    expect(await relayed.next()).toEqual({ done: false, value: { data: { shaped: { n: 1 } } } });
    await relayed.return!();
    expect(upstream.returned).toHaveBeenCalledTimes(1);
    expect(ended).toHaveBeenCalledTimes(1);
  });
});
