import { Registry } from 'prom-client';
import { createBreaker, shutdownBreakers } from '../../../core/breaker.js';
import { configFrom } from '../../../core/config/index.js';
import { silentLogger } from '../../../core/logger.js';
import { createServiceRuntime } from '../../../core/runtime.js';

const ok = () => Promise.resolve('ok');

describe('circuit breakers', () => {
  afterEach(() => jest.useRealTimers());

  it('run one timer each (the rolling window), none for snapshots, and none after shutdown', () => {
    jest.useFakeTimers();
    const registry = new Registry();
    const breakers = ['a', 'b'].map((name) => createBreaker(ok, { name, registry, logger: silentLogger() }));
    let snapshots = 0;
    for (const breaker of breakers) breaker.status.on('snapshot', () => snapshots++);
    expect(jest.getTimerCount()).toBe(2);
    jest.advanceTimersByTime(5000);
    expect(snapshots).toBe(0);

    shutdownBreakers(registry);
    expect(breakers.every((b) => b.isShutdown)).toBe(true);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('are shut down when the service runtime whose registry they report to stops, and only those', async () => {
    const runtime = createServiceRuntime(configFrom({}), 'breaker-test', { logger: silentLogger() });
    const own = createBreaker(ok, { name: 'own', registry: runtime.registry, logger: runtime.logger });
    const other = createBreaker(ok, { name: 'other', registry: new Registry(), logger: silentLogger() });
    await expect(own.fire()).resolves.toBe('ok');

    await runtime.lifecycle.stop();
    expect(own.isShutdown).toBe(true);
    expect(other.isShutdown).toBe(false);
    other.shutdown();
  });
});
