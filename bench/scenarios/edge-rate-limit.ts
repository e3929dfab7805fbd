import { cpus, loadavg } from 'node:os';
import autocannon from 'autocannon';
import type { BenchScenario, LoadResult } from '../lib/types.js';

const QUERY = '{ health { status } }';
const FLOOD_RATE = 1000;

interface Observed {
  result: LoadResult;
  statuses: Record<string, number>;
}

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const round = (n: number) => Math.round(n * 100) / 100;

/**
 * One autocannon run at a fixed overall rate, counting responses by HTTP status (a refused
 * request is the expected outcome here, so it is not an "error"). The client address is set
 * through X-Forwarded-For, which the gateway honours from loopback: each simulated client gets
 * its own per-address budget, as separate machines would.
 */
async function drive(
  label: string,
  url: string,
  token: string,
  ip: string,
  rate: number,
  durationSeconds: number,
  connections: number,
): Promise<Observed> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        method: 'POST',
        connections,
        duration: durationSeconds,
        overallRate: rate,
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
          'x-forwarded-for': ip,
        },
        body: JSON.stringify({ query: QUERY }),
      },
      (error, done) => (error ? reject(error as Error) : resolve(done)),
    );
    instance.on('response', (_client: unknown, status: number, _bytes: number, responseTime: number) => {
      statuses[String(status)] = (statuses[String(status)] ?? 0) + 1;
      latencies.push(responseTime);
    });
  });
  latencies.sort((a, b) => a - b);
  const unexpected = Object.entries(statuses)
    .filter(([s]) => s !== '200' && s !== '429')
    .reduce((n, [, c]) => n + c, 0);
  return {
    statuses,
    result: {
      label,
      target: url,
      connections,
      durationSeconds,
      requests: result.requests.total,
      rps: round(result.requests.average),
      latencyMs: {
        p50: round(percentile(latencies, 50)),
        p95: round(percentile(latencies, 95)),
        p99: round(percentile(latencies, 99)),
        max: round(latencies.at(-1) ?? 0),
      },
      errors: unexpected + result.errors,
      extra: { 'HTTP 200': statuses['200'] ?? 0, 'HTTP 429 RATE_LIMITED': statuses['429'] ?? 0 },
    },
  };
}

/**
 * Acceptance of issue 7: 1,000 requests per second from one token are refused with RATE_LIMITED
 * once the user's budget (RATE_LIMIT_USER_REQUESTS per RATE_LIMIT_WINDOW_SECONDS) is spent, while
 * another user, driven at the same time, is served normally. Run against the default stack
 * (in-memory budgets) or with `--env REDIS_URL=...` (budgets in Redis, shared by gateways), and with
 * `--env RATE_LIMIT_ENABLED=true`: the bench stack turns the limits off for throughput scenarios.
 */
export const scenario: BenchScenario = {
  name: 'edge-rate-limit',
  description: `One token flooding the gateway at ${FLOOD_RATE} req/s while another user works normally; budgets per user and per address.`,
  async run(ctx) {
    const duration = ctx.options.durationSeconds;
    const load = loadavg()[0]!.toFixed(1);
    const health = (await (
      await fetch(ctx.gatewayUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${await ctx.token('viewer')}`,
          'x-forwarded-for': '198.51.100.9',
        },
        body: JSON.stringify({ query: '{ health { components { name mode } } }' }),
      })
    ).json()) as { data?: { health: { components: Array<{ name: string; mode: string | null }> } } };
    const store = health.data?.health.components.find((c) => c.name === 'redis')?.mode ?? 'unknown';
    const flooder = await ctx.token('viewer', `bench-flooder-${Date.now()}`);
    const bystander = await ctx.token('viewer', `bench-bystander-${Date.now()}`);
    const quiet = await drive(
      'other user alone, 20 req/s (baseline)',
      ctx.gatewayUrl,
      bystander,
      '198.51.100.2',
      20,
      duration,
      2,
    );
    const [flood, during] = await Promise.all([
      drive(
        `one token at ${FLOOD_RATE} req/s`,
        ctx.gatewayUrl,
        flooder,
        '198.51.100.1',
        FLOOD_RATE,
        duration,
        50,
      ),
      drive(
        'other user during the flood, 20 req/s',
        ctx.gatewayUrl,
        bystander,
        '198.51.100.3',
        20,
        duration,
        2,
      ),
    ]);
    const served = flood.statuses['200'] ?? 0;
    const refused = flood.statuses['429'] ?? 0;
    return {
      runs: [quiet.result, flood.result, during.result],
      notes: [
        ...(refused === 0
          ? [
              'NO REFUSALS: the rate limits were off. The bench stack disables them by default; run `npm run bench -- edge-rate-limit --env RATE_LIMIT_ENABLED=true`.',
            ]
          : []),
        `Flood: ${flood.result.requests} requests, ${served} served (the user's budget for the window), ${refused} refused with 429 RATE_LIMITED; p50 of all responses ${flood.result.latencyMs.p50} ms.`,
        `Other user during the flood: ${during.statuses['200'] ?? 0} of ${during.result.requests} served (HTTP 429: ${during.statuses['429'] ?? 0}); p50 ${during.result.latencyMs.p50} ms vs ${quiet.result.latencyMs.p50} ms alone.`,
        `Budgets stored in: ${store === 'redis' ? 'Redis (shared by every gateway instance)' : `process memory (${store})`}. Load average when the scenario started: ${load} on ${cpus().length} cores (the machine is shared; high load inflates latencies and caps the achieved rate).`,
        'The bystander runs first alone, then at the same time as the flood, with its own token and its own client address (X-Forwarded-For from loopback); its own budget is far from spent.',
        'Refusals are answered before body parsing and query planning; once a key is over budget, rate-limiter-flexible refuses it from memory until its window ends (no Redis round trip).',
      ],
    };
  },
};
