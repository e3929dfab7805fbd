import { loadavg } from 'node:os';
import WebSocket from 'ws';
import {
  createResyncClient,
  HealthDocument,
  HoldJobDocument,
  JobsDocument,
  JobStatusChangedDocument,
  ReleaseJobDocument,
  type ResyncClient,
  type Subscription,
  type JobStatusChangedSubscription,
} from '../../sdk/index.js';
import type { BenchContext, BenchScenario, LoadResult } from '../lib/types.js';

type Change = JobStatusChangedSubscription['jobStatusChanged'];

interface Delivery {
  /** Poller detection (`at`, server clock) → arrival here, ms. */
  fromDetection: number;
  /** Mutation sent → arrival here, ms (includes HWA, the poke delay and the poll). */
  fromAction: number;
}

const round = (n: number) => Math.round(n * 100) / 100;
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `subscribers` sockets, one user each, all subscribed to jobStatusChanged for the same jobs
 * (SDK over graphql-ws); an operator holds and releases those jobs in turn for `seconds`. Each
 * change must reach every subscriber exactly once: latency per delivery, missing and duplicates.
 */
async function fanOut(
  ctx: BenchContext,
  url: string,
  subscribers: number,
  seconds: number,
  label: string,
): Promise<LoadResult> {
  const operator = createResyncClient({
    url: ctx.gatewayUrl,
    token: await ctx.token('operator', 'bench-fanout-operator'),
  });
  const { jobs } = await operator.request(JobsDocument, { filter: { status: ['WAITING'] }, first: 5 });
  const jobIds = jobs.edges.map((e) => e.node.id);
  if (jobIds.length === 0) throw new Error('no WAITING job to hold in the plan');

  const clients: ResyncClient[] = [];
  const streams: Array<Subscription<{ jobStatusChanged: Change }>> = [];
  // Arrivals per change (job id + detection instant): how many subscribers got it, when.
  const arrivals = new Map<string, number[]>();
  const sentAt = new Map<string, number>();
  const subscribeStarted = performance.now();
  for (let i = 0; i < subscribers; i += 1) {
    const client = createResyncClient({
      url,
      token: await ctx.token('viewer', `bench-fanout-${i}`),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
    });
    clients.push(client);
    const stream = client.subscribe(JobStatusChangedDocument, { filter: { jobIds } });
    streams.push(stream);
    void (async () => {
      for await (const { jobStatusChanged: change } of stream) {
        const key = `${change.job.id}@${change.at}`;
        const list = arrivals.get(key) ?? [];
        list.push(Date.now());
        arrivals.set(key, list);
      }
    })().catch(() => undefined);
  }

  const waitForAll = async (predicate: () => boolean, timeoutMs: number) => {
    const deadline = performance.now() + timeoutMs;
    while (!predicate() && performance.now() < deadline) await sleep(5);
    return predicate();
  };
  const changesOf = (jobId: string) => [...arrivals.entries()].filter(([key]) => key.startsWith(`${jobId}@`));
  /** One hold or release; resolves when every subscriber has the change (or after 10 s). */
  const act = async (jobId: string, hold: boolean) => {
    const before = changesOf(jobId).length;
    const started = Date.now();
    try {
      const variables = { id: jobId, reason: 'bench subscription-fanout' };
      await (hold
        ? operator.request(HoldJobDocument, variables)
        : operator.request(ReleaseJobDocument, variables));
    } catch {
      return false; // the job moved on its own (real clock); try the next one
    }
    const arrived = await waitForAll(
      () => changesOf(jobId).length > before && changesOf(jobId).at(-1)![1].length >= subscribers,
      10_000,
    );
    for (const [key] of changesOf(jobId).slice(before)) sentAt.set(key, started);
    return arrived;
  };

  try {
    // Until every subscription is live upstream, a hold can go unheard: warm up until one is heard by all.
    let warm = false;
    for (let attempt = 0; attempt < 20 && !warm; attempt += 1) {
      const jobId = jobIds[attempt % jobIds.length]!;
      warm = (await act(jobId, true)) && (await act(jobId, false));
    }
    const subscribeMs = performance.now() - subscribeStarted;
    if (!warm) throw new Error(`${subscribers} subscribers did not all hear a change within the warm-up`);
    const warmKeys = new Set(arrivals.keys());

    const started = performance.now();
    const deadline = started + seconds * 1000;
    for (let i = 0; performance.now() < deadline; i += 1) {
      const jobId = jobIds[i % jobIds.length]!;
      if (await act(jobId, true)) await act(jobId, false);
    }
    const elapsed = (performance.now() - started) / 1000;
    await sleep(500); // late duplicates, if any

    const deliveries: Delivery[] = [];
    let missing = 0;
    let duplicates = 0;
    let events = 0;
    for (const [key, times] of arrivals) {
      if (warmKeys.has(key)) continue;
      events += 1;
      missing += Math.max(0, subscribers - times.length);
      duplicates += Math.max(0, times.length - subscribers);
      const detected = Date.parse(key.slice(key.indexOf('@') + 1));
      const sent = sentAt.get(key) ?? detected;
      for (const t of times) deliveries.push({ fromDetection: t - detected, fromAction: t - sent });
    }
    const fromDetection = deliveries.map((d) => d.fromDetection).sort((a, b) => a - b);
    const fromAction = deliveries.map((d) => d.fromAction).sort((a, b) => a - b);
    return {
      label,
      target: url,
      connections: subscribers,
      durationSeconds: round(elapsed),
      requests: deliveries.length,
      rps: round(deliveries.length / elapsed),
      latencyMs: {
        p50: percentile(fromDetection, 50),
        p95: percentile(fromDetection, 95),
        p99: percentile(fromDetection, 99),
        max: fromDetection.at(-1) ?? 0,
      },
      errors: missing + duplicates,
      extra: {
        'status changes': events,
        'missing deliveries': missing,
        'duplicate deliveries': duplicates,
        'action → delivery p50 (ms)': percentile(fromAction, 50),
        'action → delivery p95 (ms)': percentile(fromAction, 95),
        'subscribe + warm-up (ms)': Math.round(subscribeMs),
      },
    };
  } finally {
    await Promise.allSettled(streams.map((s) => s.return()));
    await Promise.allSettled(clients.map((c) => c.dispose()));
    // Leave the plan as found: release whatever is still held.
    for (const id of jobIds) await operator.request(ReleaseJobDocument, { id }).catch(() => undefined);
  }
}

export const scenario: BenchScenario = {
  name: 'subscription-fanout',
  description:
    'Many jobStatusChanged subscribers (one socket and one user each, through the SDK) while an operator holds and releases jobs: delivery latency from the poller detecting a change to each subscriber, every change to every subscriber exactly once, through the gateway vs direct to the tws subgraph.',
  async run(ctx) {
    const subscribers = ctx.options.connections * 25;
    const viewer = createResyncClient({
      url: ctx.gatewayUrl,
      token: await ctx.token('viewer', 'bench-fanout-health'),
    });
    const { health } = await viewer.request(HealthDocument);
    const redis = health.components.find((c) => c.name === 'redis');
    const pubsub = redis?.mode ?? 'unknown';
    const runs: LoadResult[] = [];
    for (const [label, url] of [
      [`through the gateway, ${subscribers} subscribers`, ctx.gatewayUrl],
      [`direct to the tws subgraph, ${subscribers} subscribers`, ctx.subgraphUrls.tws],
    ] as const) {
      ctx.log(`  ${label}...`);
      runs.push(await fanOut(ctx, url, subscribers, ctx.options.durationSeconds, label));
    }
    return {
      runs,
      notes: [
        `"requests" counts deliveries (one status change × one subscriber); "req/s" is deliveries per second. Latency is from the change's \`at\` (the poller saw it) to its arrival at a subscriber, millisecond clock, same machine.`,
        `Pub/sub of the stack under test: ${pubsub} (health's redis component). With Redis every change takes the hop every replica uses; run \`npm run bench -- subscription-fanout --env REDIS_URL=redis://...\` for it.`,
        'Changes come one at a time: hold, wait until every subscriber has it, release, wait again. The status poller is poked by each action and looks 200 ms later, so "action → delivery" includes that delay and one plan poll.',
        'Errors = missing + duplicate deliveries (both must be 0: each change reaches each subscriber exactly once).',
        `Machine load average (1/5/15 min) at the end: ${loadavg()
          .map((l) => l.toFixed(1))
          .join(' / ')}.`,
        `RSS after the runs (MB): ${Object.entries(ctx.rss())
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}.`,
      ],
    };
  },
};
