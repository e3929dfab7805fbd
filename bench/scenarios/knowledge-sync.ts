import type { BenchContext, BenchScenario, LoadResult } from '../lib/types.js';

const SYNC = `mutation { syncKnowledgeGraph {
  durationMs changed skippedDependencies
  created { jobs jobStreams workstations dependencies relationships }
  updated { jobs relationships }
  removed { jobs relationships }
  unchanged { jobs relationships }
} }`;

interface Report {
  durationMs: number;
  changed: boolean;
  skippedDependencies: number;
  created: Record<string, number>;
  updated: Record<string, number>;
  removed: Record<string, number>;
  unchanged: Record<string, number>;
}

const SIM_AUTH = `Basic ${Buffer.from('resync:resync').toString('base64')}`;

async function post<T>(url: string, token: string, query: string): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { data?: T; errors?: Array<{ message: string }> };
  if (!body.data) throw new Error(`GraphQL failed: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** One sync, timed from the client, with the peak RSS of each process while it ran. */
async function timedSync(ctx: BenchContext, label: string, token: string): Promise<LoadResult> {
  const peak: Record<string, number> = {};
  const sample = () => {
    for (const [name, mb] of Object.entries(ctx.rss())) peak[name] = Math.max(peak[name] ?? 0, mb);
  };
  const timer = setInterval(sample, 500);
  const started = performance.now();
  let report: Report | undefined;
  let error: string | undefined;
  try {
    report = (await post<{ syncKnowledgeGraph: Report }>(ctx.subgraphUrls.knowledge, token, SYNC))
      .syncKnowledgeGraph;
  } catch (e) {
    error = (e as Error).message;
  } finally {
    clearInterval(timer);
    sample();
  }
  const ms = Math.round(performance.now() - started);
  ctx.log(`  ${label}: ${ms} ms${error ? ` (failed: ${error})` : ''}`);
  const extra: Record<string, string | number> = {};
  if (report) {
    extra['server durationMs'] = report.durationMs;
    extra['changed'] = String(report.changed);
    for (const kind of ['created', 'updated', 'removed', 'unchanged'] as const) {
      extra[kind] = Object.entries(report[kind])
        .map(([k, v]) => `${k} ${v}`)
        .join(', ');
    }
  }
  for (const [name, mb] of Object.entries(peak)) extra[`peak RSS MB, ${name}`] = mb;
  if (error) extra['error'] = error;
  return {
    label,
    target: ctx.subgraphUrls.knowledge,
    connections: 1,
    durationSeconds: Math.round(ms / 100) / 10,
    requests: 1,
    rps: 0,
    latencyMs: { p50: ms, p95: ms, p99: ms, max: ms },
    errors: error ? 1 : 0,
    extra,
  };
}

/**
 * The HWA the stack really uses: the tws subgraph's readiness names it (ctx.twsUrl is the bundled
 * simulator's port, which is not it when TWS_URL points at a separately started simulator).
 */
async function hwaUrl(ctx: BenchContext): Promise<string> {
  try {
    const readyz = (await (await fetch(ctx.subgraphUrls.tws.replace(/\/graphql$/, '/readyz'))).json()) as {
      checks?: Array<{ name?: string; detail?: string }>;
    };
    const detail = readyz.checks?.find((c) => c.name === 'hwa')?.detail;
    const url = detail?.split(';')[0]?.trim();
    if (url?.startsWith('http')) return url;
  } catch {
    // fall back below
  }
  return ctx.twsUrl;
}

/** Submits `count` ad hoc jobs to HWA when it is a simulator (a plan change for the incremental re-sync). */
async function submitAdHocJobs(ctx: BenchContext, count: number): Promise<number> {
  const base = await hwaUrl(ctx);
  let done = 0;
  for (let i = 0; i < count; i++) {
    const response = await fetch(`${base}/api/v2/plan/job/submit-ad-hoc-job`, {
      method: 'POST',
      headers: { authorization: SIM_AUTH, 'content-type': 'application/json' },
      body: JSON.stringify({
        workstationKey: 'MASTER',
        alias: `BENCH_KG_${Date.now()}_${i}`,
        task: { UNIX: { taskString: 'true' } },
      }),
    }).catch(() => undefined);
    if (response?.ok) done += 1;
  }
  return done;
}

export const scenario: BenchScenario = {
  name: 'knowledge-sync',
  description:
    'syncKnowledgeGraph of the whole HWA plan, called direct on the knowledge subgraph (a long sync outlasts the gateway subgraph timeout): the load into the graph as found, a re-sync with nothing changed, and an incremental re-sync after 100 ad hoc submissions. ' +
    'The 100k-job measurement runs the stack against a generated plan: see subgraphs/knowledge/README.md ("Measuring a 100,000-job sync").',
  async run(ctx) {
    const admin = await ctx.token('admin');
    const viewer = await ctx.token('viewer');
    const before = await post<{ graphSummary: { jobs: number } }>(
      ctx.gatewayUrl,
      viewer,
      '{ graphSummary { jobs } }',
    );
    const plan = await post<{ planSummary: { total: number } }>(
      ctx.gatewayUrl,
      viewer,
      '{ planSummary { total } }',
    );
    ctx.log(`  plan: ${plan.planSummary.total} jobs; graph before: ${before.graphSummary.jobs} jobs`);
    const first = await timedSync(
      ctx,
      `sync 1: load ${plan.planSummary.total} jobs into a graph holding ${before.graphSummary.jobs}`,
      admin,
    );
    const second = await timedSync(ctx, 'sync 2: nothing changed', admin);
    const submitted = await submitAdHocJobs(ctx, 100);
    // Against a real HWA master the submissions are refused (wrong credentials): no incremental run then.
    const third =
      submitted > 0 ? [await timedSync(ctx, `sync 3: after ${submitted} ad hoc submissions`, admin)] : [];
    return {
      runs: [first, second, ...third],
      notes: [
        ...(submitted > 0
          ? []
          : [
              'No incremental run: HWA refused the ad hoc submissions (not the bundled simulator credentials).',
            ]),
        `Plan size: ${plan.planSummary.total} jobs (HWA planSummary). Each run is one call; the latency columns are its wall time.`,
        'A sync reads the plan from HWA page by page (TWS_PAGE_SIZE), diffs content fingerprints against what Neo4j holds, and writes only the difference in UNWIND batches of KNOWLEDGE_SYNC_BATCH_SIZE rows.',
        'Sync 2 and 3 are dominated by reading the plan from HWA: the graph side only reads fingerprints and writes what changed.',
      ],
    };
  },
};
