import { atExpiry } from '../../../gateway/subscriptions/expiry.js';

const DAY = 24 * 60 * 60 * 1000;

describe('closing a socket when its token expires', () => {
  beforeEach(() => jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') }));
  afterEach(() => jest.useRealTimers());

  it('waits for a token valid longer than setTimeout can wait (24.8 days)', () => {
    const expired = jest.fn();
    atExpiry(new Date(Date.now() + 60 * DAY), expired);
    jest.advanceTimersByTime(59 * DAY);
    expect(expired).not.toHaveBeenCalled();
    jest.advanceTimersByTime(DAY);
    expect(expired).toHaveBeenCalledTimes(1);
  });

  it('fires at the expiry of a short-lived token, and at once for an expired one', () => {
    const soon = jest.fn();
    const past = jest.fn();
    atExpiry(new Date(Date.now() + 1000), soon);
    atExpiry(new Date(Date.now() - 1000), past);
    jest.advanceTimersByTime(0);
    expect(past).toHaveBeenCalledTimes(1);
    expect(soon).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1000);
    expect(soon).toHaveBeenCalledTimes(1);
  });

  it('does nothing once cancelled', () => {
    const expired = jest.fn();
    const cancel = atExpiry(new Date(Date.now() + 40 * DAY), expired);
    jest.advanceTimersByTime(30 * DAY);
    cancel();
    jest.advanceTimersByTime(20 * DAY);
    expect(expired).not.toHaveBeenCalled();
  });
});
