import { loadavg } from 'node:os';
import type { BenchContext, BenchScenario, LoadResult } from '../lib/types.js';

/** The operator dashboard: a page of jobs with their stream and workstation, plus the counts. */
const DASHBOARD = `{
  jobs(first: 50) { totalCount edges { node { id name status internalStatus returnCode startTime endTime late
    jobStream { id name status } workstation { name linked running } } } }
  planSummary { total byStatus { status count } }
}`;

const SIM_AUTH = `Basic ${Buffer.from('resync:resync').toString('base64')}`;

interface Counters {
  hits: Record<string, number>;
  misses: Record<string, number>;
}

/** Cache hit/miss counters per level from the tws subgraph's /metrics. */
async function cacheCounters(twsGraphqlUrl: string): Promise<Counters> {
  const text = await (await fetch(twsGraphqlUrl.replace(/\/graphql$/, '/metrics'))).text();
  const counters: Counters = { hits: {}, misses: {} };
  for (const line of text.split('\n')) {
    const m = /^resync_cache_requests_total\{([^}]*)\} (\d+(?:\.\d+)?)/.exec(line);
    if (!m || !m[1]!.includes('cache="tws"')) continue;
    const level = /level="(\w+)"/.exec(m[1]!)?.[1] ?? '?';
    const bucket = m[1]!.includes('result="hit"') ? counters.hits : counters.misses;
    bucket[level] = (bucket[level] ?? 0) + Number(m[2]);
  }
  return counters;
}

/** HWA requests served so far, when HWA is the bundled simulator (its admin endpoint counts them). */
async function hwaRequests(ctx: BenchContext): Promise<number | undefined> {
  try {
    const response = await fetch(`${ctx.twsUrl.replace(/\/twsd$/, '')}/_sim/stats`, {
      headers: { authorization: SIM_AUTH },
    });
    if (!response.ok) return undefined;
    return Object.values((await response.json()) as Record<string, number>).reduce((a, b) => a + b, 0);
  } catch {
    return undefined;
  }
}

const ratio = (hits: number, misses: number) =>
  hits + misses === 0 ? 'n/a' : `${((100 * hits) / (hits + misses)).toFixed(2)}%`;

/** Runs one load and adds the cache hit ratio and HWA calls it caused. */
async function measured(ctx: BenchContext, label: string, url: string, token: string): Promise<LoadResult> {
  const before = await cacheCounters(ctx.subgraphUrls.tws);
  const hwaBefore = await hwaRequests(ctx);
  const run = await ctx.http({ label, url, token, query: DASHBOARD });
  const after = await cacheCounters(ctx.subgraphUrls.tws);
  const hwaAfter = await hwaRequests(ctx);
  const delta = (level: string) => ({
    hits: (after.hits[level] ?? 0) - (before.hits[level] ?? 0),
    misses: (after.misses[level] ?? 0) - (before.misses[level] ?? 0),
  });
  const l1 = delta('l1');
  const l2 = delta('l2');
  run.extra = {
    'L1 hit ratio': ratio(l1.hits, l1.misses),
    'L2 hit ratio': l2.hits + l2.misses === 0 ? 'no L2 (REDIS_URL unset)' : ratio(l2.hits, l2.misses),
    'HWA calls': hwaBefore === undefined || hwaAfter === undefined ? 'n/a (real HWA)' : hwaAfter - hwaBefore,
  };
  return run;
}

export const scenario: BenchScenario = {
  name: 'tws-dashboard',
  description:
    'The operator dashboard (jobs(first: 50) with stream and workstation, plus planSummary) direct to the tws subgraph and through the gateway, with the tws cache hit ratio and the HWA calls it cost. Run with --env RATE_LIMIT_ENABLED=false.',
  async run(ctx) {
    const token = await ctx.token('viewer');
    const loadBefore = loadavg()[0]!;
    const direct = await measured(ctx, 'dashboard direct to the tws subgraph', ctx.subgraphUrls.tws, token);
    const gateway = await measured(ctx, 'dashboard through the gateway', ctx.gatewayUrl, token);
    const hwaCalls = (r: LoadResult) =>
      typeof r.extra?.['HWA calls'] === 'number' ? (r.extra['HWA calls'] as number) : undefined;
    const per1000 = (r: LoadResult) => {
      const calls = hwaCalls(r);
      return calls === undefined || r.requests === 0 ? 'n/a' : ((1000 * calls) / r.requests).toFixed(1);
    };
    return {
      runs: [direct, gateway],
      notes: [
        `Machine load average (1 min) before / after: ${loadBefore.toFixed(2)} / ${loadavg()[0]!.toFixed(2)} on this machine's cores; other processes competing for the CPU lower RPS and stretch the tail.`,
        `Gateway overhead at p50: ${(gateway.latencyMs.p50 - direct.latencyMs.p50).toFixed(2)} ms; throughput ratio ${(gateway.rps / Math.max(1, direct.rps)).toFixed(2)}.`,
        `HWA calls per 1000 dashboard requests: ${per1000(direct)} direct, ${per1000(gateway)} through the gateway (the status poller's calls included; a cold dashboard costs 4: plan/job, plan/jobstream, plan/workstation, plan/job/count).`,
        'Plan state is cached for TWS_CACHE_STATUS_TTL_MS (5 s) and invalidated by the poller when the plan moves, so under load almost every request is served from L1; the misses are the refreshes after each expiry or plan change.',
      ],
    };
  },
};
