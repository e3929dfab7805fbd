import { Lifecycle } from '../../../core/lifecycle.js';
import { silentLogger } from '../../../core/logger.js';

describe('Lifecycle', () => {
  it('closes resources in reverse order, once, however often stop() is called', async () => {
    const lifecycle = new Lifecycle(silentLogger());
    const order: string[] = [];
    lifecycle.defer('client', () => void order.push('client'));
    lifecycle.defer('server', async () => {
      await new Promise((r) => setTimeout(r, 5));
      order.push('server');
    });
    const [a, b] = [lifecycle.stop(), lifecycle.stop()];
    expect(lifecycle.phase).toBe('stopping');
    await Promise.all([a, b, lifecycle.stop()]);
    expect(order).toEqual(['server', 'client']);
    expect(lifecycle.phase).toBe('stopped');
    await lifecycle.stop();
    expect(order).toEqual(['server', 'client']);
  });

  it('keeps closing when one closer fails or hangs', async () => {
    const lifecycle = new Lifecycle(silentLogger(), 20);
    const order: string[] = [];
    lifecycle.defer('last', () => void order.push('last'));
    lifecycle.defer('hangs', () => new Promise<void>(() => undefined));
    lifecycle.defer('throws', () => {
      throw new Error('boom');
    });
    await lifecycle.stop();
    expect(order).toEqual(['last']);
  });

  it('closes at once what is registered during shutdown', async () => {
    const lifecycle = new Lifecycle(silentLogger());
    await lifecycle.stop();
    let closed = false;
    lifecycle.defer('late', () => {
      closed = true;
    });
    await new Promise((r) => setImmediate(r));
    expect(closed).toBe(true);
  });
});
