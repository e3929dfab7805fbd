// rag's background work: the corpus load does not hold up the start and reports its progress;
// vectors missing because a provider was down are backfilled when it recovers, and retried
// while some may still be missing — not only at the next restart.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EmbeddingChain } from '../../../core/llm/embeddings-chain.js';
import { silentLogger } from '../../../core/logger.js';
import { createRagBackground, type RagBackground } from '../../../subgraphs/rag/background.js';
import type { BackfillResult, IngestService } from '../../../subgraphs/rag/ingest/ingest.js';

const until = async (condition: () => boolean, what: string) => {
  for (let i = 0; i < 400 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
};

function setup({ corpusDir, retryMs = 3_600_000 }: { corpusDir?: string; retryMs?: number } = {}) {
  const recovered: Array<() => void> = [];
  const embeddings = {
    providers: [{ name: 'nvidia', onRecovered: (listener: () => void) => recovered.push(listener) }],
  } as unknown as EmbeddingChain;
  const results: BackfillResult[] = [];
  let backfills = 0;
  let release: (() => void) | undefined;
  const ingested: string[] = [];
  const ingest = {
    async ingest(input: { filename: string }) {
      ingested.push(input.filename);
      await new Promise<void>((resolve) => (release = resolve));
      return { created: true, document: {} };
    },
    async backfill() {
      backfills++;
      return results.shift() ?? { filled: 0, complete: true };
    },
  } as unknown as IngestService;
  const background: RagBackground = createRagBackground({
    ingest,
    embeddings,
    corpusDir,
    logger: silentLogger(),
    retryMs,
  });
  return {
    background,
    results,
    ingested,
    backfills: () => backfills,
    recover: () => recovered.forEach((listener) => listener()),
    releaseIngest: () => release?.(),
  };
}

describe('rag background work', () => {
  let stop: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await stop?.();
    stop = undefined;
  });

  it('loads the corpus after start() returns, reports its progress, then backfills', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rag-corpus-'));
    try {
      writeFileSync(join(dir, 'a.md'), '# A\n\nRerun LOAD_DW_SALES.');
      writeFileSync(join(dir, 'b.md'), '# B\n\nRelink FTA_AIX01.');
      const s = setup({ corpusDir: dir });
      stop = () => s.background.stop();
      s.background.start();
      expect(s.background.corpus()).toMatchObject({ state: 'loading' });
      await until(() => s.ingested.length === 1, 'the first file');
      expect(s.background.corpus()).toEqual({ state: 'loading', dir, done: 0, total: 2 });
      expect(s.backfills()).toBe(0);
      s.releaseIngest();
      await until(() => s.ingested.length === 2, 'the second file');
      s.releaseIngest();
      await until(() => s.backfills() === 1, 'the backfill');
      expect(s.background.corpus()).toEqual({ state: 'loaded', dir, created: 2, existing: 0, failed: 0 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('backfills again when a provider recovers', async () => {
    const s = setup();
    stop = () => s.background.stop();
    s.background.start();
    await until(() => s.backfills() === 1, 'the first backfill');
    s.recover();
    await until(() => s.backfills() === 2, 'the backfill after recovery');
    expect(s.background.corpus()).toEqual({ state: 'off' });
  });

  it('retries an unfinished backfill on its timer, and stops once nothing is missing', async () => {
    const s = setup({ retryMs: 10 });
    stop = () => s.background.stop();
    s.results.push({ filled: 0, complete: false }, { filled: 3, complete: true });
    s.background.start();
    await until(() => s.backfills() === 2, 'the retried backfill');
    // Complete now: the timer has nothing to do until an ingest reports missing vectors.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(s.backfills()).toBe(2);
    s.background.vectorsMissing();
    await until(() => s.backfills() === 3, 'the backfill after an ingest without vectors');
  });
});
