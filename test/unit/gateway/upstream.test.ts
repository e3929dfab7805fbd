import { createUpstreamPool } from '../../../gateway/subscriptions/upstream.js';
import { startFakeUpstream, type FakeUpstream } from './support/fake-upstream.js';

const QUERY = 'subscription { healthChanged { status } }';

describe('the upstream pool of one client connection', () => {
  let upstream: FakeUpstream;
  beforeEach(async () => {
    upstream = await startFakeUpstream();
  });
  afterEach(async () => {
    await upstream.stop();
  });

  const pool = (timeoutMs: number) =>
    createUpstreamPool({
      wsUrlOf: () => upstream.url,
      authorization: 'Bearer x',
      requestId: 'r1',
      timeoutMs,
    });

  it('disposes without rejecting when an upstream still opening is then refused (4403)', async () => {
    const upstreams = pool(30_000);
    const first = upstreams
      .subscribe('health', QUERY, {})
      .next()
      .catch((error: unknown) => error);
    await upstream.initialised();
    // The client left while the subgraph had not acknowledged yet; then the subgraph refuses.
    const disposing = upstreams.dispose();
    upstream.closeAll(4403, 'Forbidden');
    await expect(disposing).resolves.toBeUndefined();
    // The pending subscription ends (done: the pool was disposed), it does not hang.
    await expect(first).resolves.toEqual({ done: true, value: undefined });
  });

  it('fails a subscription whose subgraph never acknowledges, and can still be disposed', async () => {
    const upstreams = pool(50);
    await expect(upstreams.subscribe('health', QUERY, {}).next()).rejects.toMatchObject({ code: 4504 });
    await expect(upstreams.dispose()).resolves.toBeUndefined();
  });

  it('hands a subscription arriving after dispose an iterator that is already done', async () => {
    const upstreams = pool(30_000);
    await upstreams.dispose();
    await expect(upstreams.subscribe('health', QUERY, {}).next()).resolves.toEqual({
      done: true,
      value: undefined,
    });
  });
});
