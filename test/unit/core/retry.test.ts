import { retryAfterHeaderMs, retryDelayMs, withRetries, type FailureKind } from '../../../core/retry.js';

const transient = (retryAfterMs?: number): FailureKind => ({ kind: 'transient', retryAfterMs });
const base = { retries: 2, baseDelayMs: 100, maxDelayMs: 2000, random: () => 1 };

describe('shared retry policy', () => {
  it('backs off exponentially on transient failures, up to the number of retries', () => {
    const classify = () => transient();
    expect(retryDelayMs(new Error('x'), 0, { ...base, classify })).toBe(100);
    expect(retryDelayMs(new Error('x'), 1, { ...base, classify })).toBe(200);
    expect(retryDelayMs(new Error('x'), 2, { ...base, classify })).toBeUndefined();
  });

  it('never retries a timeout or a permanent failure', () => {
    expect(
      retryDelayMs(new Error('x'), 0, { ...base, classify: () => ({ kind: 'timeout' }) }),
    ).toBeUndefined();
    expect(
      retryDelayMs(new Error('x'), 0, { ...base, classify: () => ({ kind: 'permanent' }) }),
    ).toBeUndefined();
  });

  it('honours Retry-After up to the cap, and does not wait for a longer one', () => {
    expect(retryDelayMs(new Error('x'), 0, { ...base, classify: () => transient(1500) })).toBe(1500);
    expect(retryDelayMs(new Error('x'), 0, { ...base, classify: () => transient(2500) })).toBeUndefined();
  });

  it('does not start a retry past the deadline, nor once the caller gives up', () => {
    const classify = () => transient(500);
    expect(
      retryDelayMs(new Error('x'), 0, { ...base, classify, deadline: Date.now() + 100 }),
    ).toBeUndefined();
    expect(retryDelayMs(new Error('x'), 0, { ...base, classify, giveUp: () => true })).toBeUndefined();
  });

  it('runs attempts until one succeeds, and surfaces the last failure otherwise', async () => {
    let calls = 0;
    const flaky = () => (++calls < 3 ? Promise.reject(new Error(`fail ${calls}`)) : Promise.resolve('ok'));
    await expect(
      withRetries(flaky, { retries: 2, baseDelayMs: 1, classify: () => transient() }),
    ).resolves.toBe('ok');
    calls = 0;
    await expect(
      withRetries(flaky, { retries: 1, baseDelayMs: 1, classify: () => transient() }),
    ).rejects.toThrow('fail 2');
    calls = 0;
    await expect(withRetries(flaky, { retries: 5, classify: () => ({ kind: 'timeout' }) })).rejects.toThrow(
      'fail 1',
    );
  });

  it('reads the delta-seconds form of Retry-After', () => {
    expect(retryAfterHeaderMs('2')).toBe(2000);
    expect(retryAfterHeaderMs('0')).toBe(0);
    expect(retryAfterHeaderMs(null)).toBeUndefined();
    expect(retryAfterHeaderMs('Wed, 21 Oct 2015 07:28:00 GMT')).toBeUndefined();
  });
});
