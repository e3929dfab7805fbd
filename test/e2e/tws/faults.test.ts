// HWA failing: with the simulator answering 503 (set through its admin fault API, as an operator
// would script it), reads fail with UPSTREAM_UNAVAILABLE, the breaker opens so they fail fast,
// health shows HWA DOWN, and everything recovers without a restart once the faults stop.
import { startTestStack, type TestStack } from '../../harness/stack.js';

jest.setTimeout(60_000);

const BASIC = `Basic ${Buffer.from('resync:resync').toString('base64')}`;

async function eventually<T>(
  check: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('tws when HWA fails', () => {
  let t: TestStack;
  let admin: string;
  beforeAll(async () => {
    t = await startTestStack({
      env: {
        TWS_BREAKER_RESET_MS: '1500',
        TWS_RETRY_MAX_DELAY_MS: '200',
        // Effectively no cache: every read below must reach HWA.
        TWS_CACHE_STATUS_TTL_MS: '1',
        TWS_POLL_INTERVAL_MS: '1000',
      },
    });
    admin = `${t.stack.simulator!.url.replace(/\/twsd$/, '')}/_sim/faults`;
  });
  afterAll(() => t.stop());

  const summary = () =>
    t.query<{ planSummary: { total: number } }>('{ planSummary { total } }', { role: 'viewer' });
  const hwaHealth = async () => {
    const res = await t.query<{
      health: { status: string; components: Array<{ name: string; status: string; detail: string | null }> };
    }>('{ health { status components { name status detail } } }', { role: 'viewer' });
    return {
      overall: res.data!.health.status,
      hwa: res.data!.health.components.find((c) => c.name === 'hwa')!,
    };
  };

  it('starts healthy', async () => {
    expect((await summary()).data?.planSummary.total).toBe(44);
    expect(
      (
        await eventually(
          async () => ((await hwaHealth()).hwa.status === 'UP' ? hwaHealth() : undefined),
          'hwa UP',
        )
      ).hwa.status,
    ).toBe('UP');
  });

  it('fails reads with UPSTREAM_UNAVAILABLE, then fast once the breaker opens, and health shows HWA DOWN', async () => {
    const injected = await fetch(admin, {
      method: 'POST',
      headers: { authorization: BASIC, 'content-type': 'application/json' },
      body: JSON.stringify([{ kind: 'error', status: 503 }]),
    });
    expect(injected.status).toBe(200);

    const first = await summary();
    expect(first.errors?.[0]?.extensions?.['code']).toBe('UPSTREAM_UNAVAILABLE');
    expect(first.data ?? null).toBeNull();

    // Once open, a read fails at once without reaching HWA (HWA's request counter does not move).
    const counted = () => t.stack.simulator!.stats()['/twsd/api/v2/plan/job/count'] ?? 0;
    const fastFail = await eventually(async () => {
      const before = counted();
      const res = await summary();
      expect(res.errors?.[0]?.extensions?.['code']).toBe('UPSTREAM_UNAVAILABLE');
      return res.errors?.[0]?.message.includes('circuit open') && counted() === before ? res : undefined;
    }, 'the breaker to open');
    expect(fastFail.errors![0]!.message).toBe(
      'HWA is failing: calls are suspended for a few seconds (circuit open)',
    );

    const down = await eventually(async () => {
      const h = await hwaHealth();
      return h.hwa.status === 'DOWN' ? h : undefined;
    }, 'health to show hwa DOWN');
    expect(down.overall).toBe('DOWN');
  });

  it('recovers without a restart when the faults stop', async () => {
    expect((await fetch(admin, { method: 'DELETE', headers: { authorization: BASIC } })).status).toBe(200);
    const ok = await eventually(async () => {
      const res = await summary();
      return res.errors === undefined ? res : undefined;
    }, 'reads to succeed again');
    expect(ok.data!.planSummary.total).toBe(44);
    const up = await eventually(async () => {
      const h = await hwaHealth();
      return h.hwa.status === 'UP' ? h : undefined;
    }, 'health to show hwa UP');
    expect(up.hwa.detail).toContain('breaker closed');
  });
});
