import { loadavg } from 'node:os';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { BenchContext, BenchScenario, LoadResult } from '../lib/types.js';

const CHAT = `subscription ($input: ChatInput!) {
  chat(input: $input) {
    __typename
    ... on ChatStarted { at }
    ... on ChatDelta { text }
    ... on ChatToolCall { tool }
    ... on ChatToolResult { ok }
    ... on ChatCompleted { provider }
    ... on ChatFailed { code message }
  }
}`;

interface Turn {
  /** subscribe → ChatCompleted/ChatFailed, ms */
  total: number;
  /** ChatStarted's server timestamp → arrival here, ms (one-way latency of the first event) */
  firstEventOneWay: number;
  events: number;
  failed: boolean;
}

const round = (n: number) => Math.round(n * 100) / 100;
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
const mean = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);

/** One chat turn over an open graphql-ws client. */
function turn(client: Client, message: string): Promise<Turn> {
  return new Promise((resolve) => {
    const started = performance.now();
    let events = 0;
    let firstEventOneWay = 0;
    let failed = false;
    const done = () => resolve({ total: performance.now() - started, firstEventOneWay, events, failed });
    client.subscribe<{ chat: { __typename: string; at?: string } }>(
      { query: CHAT, variables: { input: { agentId: 'general', message } } },
      {
        next: ({ data, errors }) => {
          events += 1;
          if (errors?.length) failed = true;
          const event = data?.chat;
          if (event?.__typename === 'ChatStarted' && event.at)
            firstEventOneWay = Date.now() - Date.parse(event.at);
          if (event?.__typename === 'ChatFailed') failed = true;
        },
        error: () => {
          failed = true;
          done();
        },
        complete: done,
      },
    );
  });
}

/** `connections` users chatting in a loop for `seconds`, each on its own socket to `wsUrl`. */
async function drive(
  ctx: BenchContext,
  wsUrl: string,
  seconds: number,
  connections: number,
): Promise<{ turns: Turn[]; seconds: number }> {
  const clients = await Promise.all(
    Array.from({ length: connections }, async (_, i) => {
      // One user per connection: a user may only run a few turns at once.
      const token = await ctx.token('viewer', `bench-chat-${i}`);
      return createClient({
        url: wsUrl,
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${token}` },
        retryAttempts: 0,
        lazy: false,
      });
    }),
  );
  const turns: Turn[] = [];
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  try {
    await Promise.all(
      clients.map(async (client) => {
        while (performance.now() < deadline) turns.push(await turn(client, 'resumo do plano'));
      }),
    );
  } finally {
    await Promise.all(clients.map((c) => c.dispose()));
  }
  return { turns, seconds: (performance.now() - started) / 1000 };
}

function summarise(
  label: string,
  target: string,
  connections: number,
  turns: Turn[],
  elapsed: number,
): LoadResult {
  const totals = turns.map((t) => t.total).sort((a, b) => a - b);
  const events = mean(turns.map((t) => t.events));
  return {
    label,
    target,
    connections,
    durationSeconds: round(elapsed),
    requests: turns.length,
    rps: round(turns.length / elapsed),
    latencyMs: {
      p50: round(percentile(totals, 50)),
      p95: round(percentile(totals, 95)),
      p99: round(percentile(totals, 99)),
      max: round(totals.at(-1) ?? 0),
    },
    errors: turns.filter((t) => t.failed).length,
    extra: {
      'events per turn': round(events),
      'events per second': round((events * turns.length) / elapsed),
      'first event one-way p50 (ms)': percentile(
        turns.map((t) => t.firstEventOneWay).sort((a, b) => a - b),
        50,
      ),
      'turn mean (ms)': round(mean(totals)),
    },
  };
}

/**
 * Many concurrent chats, each turn streamed over graphql-ws: directly to the agents subgraph,
 * then through the gateway's subscription proxy, to measure what the gateway adds per event.
 */
export const scenario: BenchScenario = {
  name: 'chat-stream',
  description:
    'Concurrent chat turns ("resumo do plano": the offline responder, one tool call through the gateway, ~30 streamed events) over graphql-ws, direct to the agents subgraph vs through the gateway. Latency is per whole turn; gateway-added latency per event is derived.',
  async run(ctx) {
    const seconds = ctx.options.durationSeconds;
    const connections = ctx.options.connections;
    const toWs = (url: string) => url.replace(/^http/, 'ws');
    const directUrl = toWs(ctx.subgraphUrls.agents);
    const gatewayUrl = toWs(ctx.gatewayUrl);
    const warm = await drive(ctx, gatewayUrl, 2, 2);
    ctx.log(`warm-up: ${warm.turns.length} turns (discarded)`);
    // Alternate short slices of both paths, so load from anything else on the machine hits both alike.
    const slices = 4;
    const acc = { direct: { turns: [] as Turn[], seconds: 0 }, gateway: { turns: [] as Turn[], seconds: 0 } };
    for (let i = 0; i < slices; i += 1) {
      for (const [path, url] of [
        ['direct', directUrl],
        ['gateway', gatewayUrl],
      ] as const) {
        const slice = await drive(ctx, url, seconds / slices, connections);
        acc[path].turns.push(...slice.turns);
        acc[path].seconds += slice.seconds;
      }
    }
    const direct = {
      turns: acc.direct.turns,
      result: summarise(
        `direct to the agents subgraph, ${connections} concurrent chats`,
        directUrl,
        connections,
        acc.direct.turns,
        acc.direct.seconds,
      ),
    };
    const gateway = {
      turns: acc.gateway.turns,
      result: summarise(
        `through the gateway, ${connections} concurrent chats`,
        gatewayUrl,
        connections,
        acc.gateway.turns,
        acc.gateway.seconds,
      ),
    };
    const eventsPerTurn = mean(gateway.turns.map((t) => t.events)) || 1;
    const addedPerTurn =
      Number(gateway.result.extra!['turn mean (ms)']) - Number(direct.result.extra!['turn mean (ms)']);
    const addedFirstEvent =
      Number(gateway.result.extra!['first event one-way p50 (ms)']) -
      Number(direct.result.extra!['first event one-way p50 (ms)']);
    return {
      runs: [direct.result, gateway.result],
      notes: [
        `Gateway-added latency: ${round(addedPerTurn)} ms per turn (mean), i.e. ${round(addedPerTurn / eventsPerTurn)} ms per event over ${round(eventsPerTurn)} events; first event one-way p50 +${addedFirstEvent} ms (millisecond clock, same machine).`,
        'Through the gateway each turn opens a new upstream graphql-ws connection to the agents subgraph (the proxy closes an upstream socket when its last subscription ends), so the per-turn figure includes that handshake and a second token verification.',
        `Each path ran ${ctx.options.durationSeconds} s in ${4} alternating slices (direct, gateway, ...) after a discarded warm-up.`,
        'Both paths make the same tool call (plan_summary) through the gateway over HTTP; the offline responder streams without delay, so the numbers are the serving path, not an LLM.',
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
