import { loadavg } from 'node:os';
import type { BenchScenario, LoadResult } from '../lib/types.js';

const ASK = 'query ($q: String!) { ask(question: $q) { mode cached citations { title } } }';
const INGEST =
  'mutation ($input: IngestDocumentInput!) { ingestDocument(input: $input) { created document { chunkCount } } }';

const round = (n: number) => Math.round(n * 100) / 100;
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;

/** Sequential timed calls of distinct operations (autocannon repeats one body, which the cache would serve). */
async function timed(
  label: string,
  url: string,
  token: string,
  bodies: Array<{ query: string; variables: Record<string, unknown> }>,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  for (const body of bodies) {
    const t0 = performance.now();
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    latencies.push(performance.now() - t0);
    if (!response.ok || text.includes('"errors"')) errors++;
  }
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    label,
    target: url,
    connections: 1,
    durationSeconds: round(seconds),
    requests: bodies.length,
    rps: round(bodies.length / seconds),
    latencyMs: {
      p50: round(percentile(latencies, 50)),
      p95: round(percentile(latencies, 95)),
      p99: round(percentile(latencies, 99)),
      max: round(latencies.at(-1) ?? 0),
    },
    errors,
  };
}

/**
 * `ask` on the defaults (extractive answers, no LLM): a repeated question served by the answer
 * cache, distinct questions computed each time, and ingestion of distinct small documents.
 */
export const scenario: BenchScenario = {
  name: 'rag-ask',
  description:
    'ask: one repeated question (answer cache) under load, 200 distinct questions one by one (retrieval + extractive answer), and 100 ingestions of distinct small Markdown documents one by one. Run with --env RATE_LIMIT_ENABLED=false.',
  async run(ctx) {
    const viewer = await ctx.token('viewer');
    const operator = await ctx.token('operator');
    const cached = await ctx.http({
      label: 'ask, same question (cache hits) through the gateway',
      url: ctx.gatewayUrl,
      token: viewer,
      query: ASK,
      variables: { q: 'Why did LOAD_DW_SALES fail with ORA-01653?' },
    });
    const topics = [
      'LOAD_DW_SALES ORA-01653',
      'unlinked FTA_AIX01',
      'FENCE on AGT_WIN01',
      'prompt ME_INPUTS',
      'VERIFY_BACKUP RC=4',
      'RPT_SLOTS resource',
      'GEN_INVOICES late',
      'AWSBDW057E',
      'reexecutar job stream',
      'RPT_STOCK FAIL',
    ];
    const questions = Array.from({ length: 200 }, (_, i) => ({
      query: ASK,
      variables: { q: `What do I do about ${topics[i % topics.length]} (case ${i})?` },
    }));
    const fresh = await timed(
      'ask, distinct questions (computed) through the gateway',
      ctx.gatewayUrl,
      viewer,
      questions,
    );
    const stamp = Date.now();
    const documents = Array.from({ length: 100 }, (_, i) => ({
      query: INGEST,
      variables: {
        input: {
          filename: `bench-${stamp}-${i}.md`,
          text: `# Bench note ${stamp}-${i}\n\nJob BENCH_JOB_${i} on AGT_LNX0${i % 3}: rerun with \`conman "rr BENCH.BENCH_JOB_${i}"\` after the fix.\n\n## Details\n\n${'Some words about the incident. '.repeat(20)}`,
        },
      },
    }));
    const ingest = await timed(
      'ingestDocument, distinct documents, through the gateway',
      ctx.gatewayUrl,
      operator,
      documents,
    );
    return {
      runs: [cached, fresh, ingest],
      notes: [
        'Cached answers come from core/cache (L1 in process, plus Redis when REDIS_URL is set); the key is the normalised question plus the corpus generation.',
        'Distinct questions pay for retrieval and the extractive answer; with an LLM configured, add the provider latency.',
        'Each ingestion parses, chunks, embeds (offline lexical), writes Orama and persists the whole embedded store file (gzip JSON): its cost grows with the corpus. Qdrant writes only the new points.',
        `Machine load average (1/5/15 min) at the end: ${loadavg()
          .map((l) => l.toFixed(1))
          .join(' / ')} on this shared machine; compare runs made under similar load.`,
        `RSS after the runs (MB): ${Object.entries(ctx.rss())
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}.`,
      ],
    };
  },
};
