import type { BenchScenario } from '../lib/types.js';

const QUERY = '{ health { status components { name status latencyMs } } }';

/** What the gateway adds on top of one subgraph: the same query through it and direct. */
export const scenario: BenchScenario = {
  name: 'health',
  description: 'The `health` query through the gateway versus direct to the health subgraph (viewer token).',
  async run(ctx) {
    const token = await ctx.token('viewer');
    const direct = await ctx.http({
      label: 'direct to health subgraph',
      url: ctx.subgraphUrls.health,
      token,
      query: QUERY,
    });
    const gateway = await ctx.http({
      label: 'through the gateway',
      url: ctx.gatewayUrl,
      token,
      query: QUERY,
    });
    return {
      runs: [direct, gateway],
      notes: [
        `Gateway overhead at p50: ${(gateway.latencyMs.p50 - direct.latencyMs.p50).toFixed(2)} ms; throughput ratio ${(gateway.rps / Math.max(1, direct.rps)).toFixed(2)}.`,
        'The health result is cached for one check interval, so this measures the serving path (JWT verification twice, query planning, shield), not the checks.',
      ],
    };
  },
};
