// getOrLoad's shouldStore: a value the caller marks as not worth keeping is handed out but not stored.
import { Registry } from 'prom-client';
import { createCache } from '../../../core/cache/index.js';
import { silentLogger } from '../../../core/logger.js';

describe('cache getOrLoad shouldStore', () => {
  const cache = () =>
    createCache<'answer'>({
      name: 'test',
      kinds: { answer: { ttlMs: 60_000 } },
      registry: new Registry(),
      logger: silentLogger(),
    });

  it('returns a refused value to every caller sharing the load, without storing it', async () => {
    const c = cache();
    let loads = 0;
    const load = async () => ({ degraded: ++loads === 1 });
    const shouldStore = (v: { degraded: boolean }) => !v.degraded;
    const [a, b] = await Promise.all([
      c.getOrLoad('answer', 'k', load, { shouldStore }),
      c.getOrLoad('answer', 'k', load, { shouldStore }),
    ]);
    expect(a).toBe(b);
    expect(a).toEqual({ degraded: true });
    expect(await c.get('answer', 'k')).toBeUndefined();
    expect(await c.getOrLoad('answer', 'k', load, { shouldStore })).toEqual({ degraded: false });
    expect(await c.getOrLoad('answer', 'k', load, { shouldStore })).toEqual({ degraded: false });
    expect(loads).toBe(2);
  });
});
