import { loadavg } from 'node:os';
import { jobIdOf } from '../../simulator/dataset/default-ids.js';
import type { BenchScenario } from '../lib/types.js';

const SEARCH = '{ searchDocuments(query: "ORA-01653 LOAD_DW_SALES", limit: 3) { title text score } }';
const RUNBOOKS = `{ job(id: "${jobIdOf('ETL_SALES', 'LOAD_DW_SALES')}") { name status runbooks(limit: 2) { title } } }`;

/**
 * Hybrid retrieval under load on the defaults of `npm start` (embedded Orama store, offline
 * lexical embeddings, bundled corpus): the query is embedded and searched every time (no cache).
 */
export const scenario: BenchScenario = {
  name: 'rag-search',
  description:
    'searchDocuments (hybrid: vector + BM25 + identifier boosts) direct to rag and through the gateway, and Job.runbooks through the gateway (tws, then rag with @requires). Run with --env RATE_LIMIT_ENABLED=false: the per-user limit (600/min) would otherwise answer most requests with RATE_LIMITED.',
  async run(ctx) {
    const token = await ctx.token('viewer');
    const direct = await ctx.http({
      label: 'searchDocuments direct to rag',
      url: ctx.subgraphUrls.rag,
      token,
      query: SEARCH,
    });
    const gateway = await ctx.http({
      label: 'searchDocuments through the gateway',
      url: ctx.gatewayUrl,
      token,
      query: SEARCH,
    });
    const runbooks = await ctx.http({
      label: 'job { runbooks } through the gateway',
      url: ctx.gatewayUrl,
      token,
      query: RUNBOOKS,
    });
    const rss = ctx.rss();
    return {
      runs: [direct, gateway, runbooks],
      notes: [
        `Gateway overhead at p50: ${(gateway.latencyMs.p50 - direct.latencyMs.p50).toFixed(2)} ms.`,
        'Each search embeds the query (offline lexical, no network), runs a vector and two BM25 searches in Orama over the 13-document corpus (about 50 passages) and fuses them; nothing is cached.',
        'Job.runbooks is a two-step query plan: tws resolves the job (HWA simulator behind its cache), then rag receives {id, name} through _entities.',
        `Machine load average (1/5/15 min) at the end: ${loadavg()
          .map((l) => l.toFixed(1))
          .join(' / ')} on this shared machine; compare runs made under similar load.`,
        `RSS after the runs (MB): ${Object.entries(rss)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}.`,
      ],
    };
  },
};
