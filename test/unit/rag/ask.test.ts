import { Registry } from 'prom-client';
import { silentLogger } from '../../../core/logger.js';
import { createMemoryPubSub } from '../../../core/pubsub/index.js';
import { createAskService } from '../../../subgraphs/rag/ask/ask.js';
import { createAnswerCache, type AnswerCache } from '../../../subgraphs/rag/ask/cache.js';
import { isTimeSensitive, normaliseQuestion } from '../../../subgraphs/rag/ask/normalise.js';
import type { AnswerGenerator } from '../../../subgraphs/rag/ask/types.js';
import type { FusedPassage } from '../../../subgraphs/rag/search/fusion.js';
import type { RetrievalResult, Retriever } from '../../../subgraphs/rag/search/retrieve.js';

const passage = (
  id: string,
  title: string,
  text: string,
  matchedBy: string[],
  raw: Record<string, number> = {},
): FusedPassage => ({
  chunk: { id, documentId: `doc-${id}`, chunkIndex: 0, text, section: 'Fix', identifiers: [] },
  document: {
    id: `doc-${id}`,
    title,
    filename: 'x.md',
    mimeType: 'text/markdown',
    source: 'CORPUS',
    sizeBytes: 1,
    contentHash: id,
    chunkCount: 1,
    tags: [],
    language: 'en',
    ingestedBy: 'system',
    createdAt: '2026-01-01T00:00:00.000Z',
  },
  score: 0.9,
  matchedBy,
  raw,
});

const SPACE = 'lexical-hashed-v1-512';
const runbook = passage(
  'p1',
  'LOAD_DW_SALES fails with ORA-01653',
  'Ask the DBA to add a datafile.\n\n```sh\nconman "rr ETL_SALES.LOAD_DW_SALES"\n```',
  ['keyword', `vector:${SPACE}`, 'identifier:LOAD_DW_SALES'],
);
const other = passage(
  'p2',
  'Rerunning a job',
  'Rerun only the failed job; LOAD_DW_SALES successors start by themselves.',
  ['keyword', 'identifier:LOAD_DW_SALES'],
);
/** Shares one common word ("run") with questions about reorg scripts, nothing more. */
const sharesAWord = passage(
  'p4',
  'Rerunning a job',
  'Run the job again after the fix.',
  ['keyword', `vector:${SPACE}`],
  { [`vector:${SPACE}`]: 0.3 },
);
const noise = passage('p3', 'Unrelated', 'Something else entirely.', [`vector:${SPACE}`], {
  [`vector:${SPACE}`]: 0.05,
});

function retrieverOf(passages: FusedPassage[], semantic = false): Retriever & { calls: number } {
  const r = {
    calls: 0,
    async search(): Promise<RetrievalResult> {
      r.calls++;
      return { passages, vectorSpace: SPACE, semantic, failures: [] };
    },
    async runbooksFor() {
      return [];
    },
  };
  return r;
}

/** The real answer cache (core/cache, L1 only), with its metrics registry to look into. */
function memoryCache(): AnswerCache & { registry: Registry; lookups(kind: string): Promise<number> } {
  const registry = new Registry();
  const cache = createAnswerCache(
    { redis: undefined, keyPrefix: '', pubsub: createMemoryPubSub(), registry, logger: silentLogger() },
    { seconds: 600, shortSeconds: 30 },
  );
  return Object.assign(cache, {
    registry,
    async lookups(kind: string) {
      const metric = await registry.getSingleMetric('resync_cache_requests_total')!.get();
      return metric.values
        .filter((v) => v.labels['kind'] === kind && v.labels['level'] === 'l1')
        .reduce((sum, v) => sum + v.value, 0);
    },
  });
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const service = (retriever: Retriever, cache: AnswerCache, generator?: AnswerGenerator) =>
  createAskService({ retriever, cache, generator, passages: 4, logger: silentLogger() });

describe('question normalisation', () => {
  it('ignores case, accents, punctuation and spacing but keeps identifiers', () => {
    expect(normaliseQuestion('  Why did LOAD_DW_SALES fail?? ')).toBe('why did load_dw_sales fail');
    expect(normaliseQuestion('Por que o LOAD_DW_SALES falhou com ORA-01653?')).toBe(
      'por que o load_dw_sales falhou com ora-01653',
    );
    expect(normaliseQuestion('Qual é a situação?')).toBe(normaliseQuestion('qual e a SITUACAO'));
  });

  it('spots time-sensitive wording in English and Portuguese', () => {
    expect(isTimeSensitive('Which jobs failed today?')).toBe(true);
    expect(isTimeSensitive('quais jobs falharam hoje')).toBe(true);
    expect(isTimeSensitive('o que está rodando agora?')).toBe(true);
    expect(isTimeSensitive('What is running right now')).toBe(true);
    expect(isTimeSensitive('How do I relink an FTA?')).toBe(false);
    expect(isTimeSensitive('knowhow of snowflakes')).toBe(false);
  });
});

describe('ask', () => {
  it('answers extractively without an LLM, quoting the best passage and citing every passage it uses', async () => {
    const asker = service(retrieverOf([runbook, other]), memoryCache());
    const answer = await asker.ask('Why did LOAD_DW_SALES fail with ORA-01653?');
    expect(answer.mode).toBe('EXTRACTIVE');
    expect(answer.text).toContain('[1]');
    expect(answer.text).toContain('conman "rr ETL_SALES.LOAD_DW_SALES"');
    expect(answer.text).toContain('[2]');
    expect(answer.citations.map((c) => [c.marker, c.title])).toEqual([
      [1, 'LOAD_DW_SALES fails with ORA-01653'],
      [2, 'Rerunning a job'],
    ]);
    expect(answer.note).toContain('No language model is configured');
    expect(answer.note).toContain('offline lexical');
  });

  it('answers in Portuguese when asked in Portuguese', async () => {
    const answer = await service(retrieverOf([runbook]), memoryCache()).ask(
      'Por que o job LOAD_DW_SALES falhou?',
    );
    expect(answer.language).toBe('pt');
    expect(answer.text.startsWith('Do documento')).toBe(true);
  });

  it('says there is no match rather than quoting passages that only share a few hashed features', async () => {
    const answer = await service(retrieverOf([noise]), memoryCache()).ask('What is the capital of France?');
    expect(answer.mode).toBe('NO_MATCH');
    expect(answer.citations).toEqual([]);
  });

  it('does not answer from passages that share only a minor part of the question', async () => {
    const answer = await service(retrieverOf([sharesAWord]), memoryCache()).ask(
      'How often do I run reorg_sales_fact.sh?',
    );
    expect(answer.mode).toBe('NO_MATCH');
    const covered = await service(retrieverOf([sharesAWord]), memoryCache()).ask(
      'How do I run the job again after a fix?',
    );
    expect(covered.mode).toBe('EXTRACTIVE');
  });

  it('trusts a vector-only match in a semantic space', async () => {
    const answer = await service(retrieverOf([noise], true), memoryCache()).ask(
      'something semantically close',
    );
    expect(answer.mode).toBe('EXTRACTIVE');
  });

  it('uses the LLM when configured and keeps the citations the answer refers to', async () => {
    const prompts: Array<{ system: string; user: string }> = [];
    const generator: AnswerGenerator = {
      async generate(request) {
        prompts.push(request);
        return { text: 'Add space to DW_DATA, then rerun LOAD_DW_SALES [2].', provider: 'nvidia' };
      },
    };
    const answer = await service(retrieverOf([runbook, other]), memoryCache(), generator).ask(
      'How do I fix LOAD_DW_SALES?',
    );
    expect(answer).toMatchObject({
      mode: 'GENERATED',
      provider: 'nvidia',
      note: expect.stringContaining('offline lexical'),
    });
    expect(answer.citations.map((c) => c.marker)).toEqual([2]);
    expect(prompts[0]!.user).toContain('[1] LOAD_DW_SALES fails with ORA-01653 — Fix');
    expect(prompts[0]!.user).toContain('[2] Rerunning a job — Fix');
    expect(prompts[0]!.system).toContain('cite');
  });

  it('cites every passage when the LLM cited none', async () => {
    const generator: AnswerGenerator = { generate: async () => ({ text: 'Rerun it.', provider: 'openai' }) };
    const answer = await service(retrieverOf([runbook, other]), memoryCache(), generator).ask(
      'How do I fix LOAD_DW_SALES?',
    );
    expect(answer.citations.map((c) => c.marker)).toEqual([1, 2]);
  });

  it('falls back to an extractive answer when the LLM fails, and does not cache that answer', async () => {
    const cache = memoryCache();
    let calls = 0;
    const generator: AnswerGenerator = {
      async generate() {
        calls++;
        throw new Error('Every LLM provider failed');
      },
    };
    const asker = service(retrieverOf([runbook]), cache, generator);
    const first = await asker.ask('How do I fix LOAD_DW_SALES?');
    expect(first.mode).toBe('EXTRACTIVE');
    expect(first.note).toContain('Every LLM provider failed');
    expect(first.citations).toHaveLength(1);
    const second = await asker.ask('How do I fix LOAD_DW_SALES?');
    expect(calls).toBe(2);
    expect(second.cached).toBe(false);
  });

  it('stores a good answer again once the LLM is back', async () => {
    let up = false;
    const generator: AnswerGenerator = {
      async generate() {
        if (!up) throw new Error('Every LLM provider failed');
        return { text: 'Rerun it [1].', provider: 'nvidia' };
      },
    };
    const asker = service(retrieverOf([runbook]), memoryCache(), generator);
    expect((await asker.ask('How do I fix LOAD_DW_SALES?')).mode).toBe('EXTRACTIVE');
    up = true;
    expect(await asker.ask('How do I fix LOAD_DW_SALES?')).toMatchObject({
      mode: 'GENERATED',
      cached: false,
    });
    expect(await asker.ask('How do I fix LOAD_DW_SALES?')).toMatchObject({ mode: 'GENERATED', cached: true });
  });

  it('shares one retrieval and one LLM call between identical questions asked at once', async () => {
    const gate = deferred();
    let generations = 0;
    const generator: AnswerGenerator = {
      async generate() {
        generations++;
        await gate.promise;
        return { text: 'Rerun it [1].', provider: 'nvidia' };
      },
    };
    const retriever = retrieverOf([runbook]);
    const asker = service(retriever, memoryCache(), generator);
    const all = Promise.all(Array.from({ length: 10 }, () => asker.ask('How do I fix LOAD_DW_SALES?')));
    await new Promise((resolve) => setImmediate(resolve));
    gate.resolve();
    const answers = await all;
    expect(retriever.calls).toBe(1);
    expect(generations).toBe(1);
    expect(answers.filter((a) => !a.cached)).toHaveLength(1);
    expect(new Set(answers.map((a) => a.text))).toEqual(new Set(['Rerun it [1].']));
  });

  it('does not keep an answer computed while the corpus changed under it', async () => {
    const gate = deferred();
    const retriever = retrieverOf([runbook]);
    const search = retriever.search.bind(retriever);
    retriever.search = async (...args) => {
      const result = await search(...args);
      await gate.promise;
      return result;
    };
    const cache = memoryCache();
    const asker = service(retriever, cache);
    const first = asker.ask('Why did LOAD_DW_SALES fail?');
    await new Promise((resolve) => setImmediate(resolve));
    await cache.invalidate(); // a document was ingested while the answer was being computed
    gate.resolve();
    expect((await first).cached).toBe(false);
    expect((await asker.ask('Why did LOAD_DW_SALES fail?')).cached).toBe(false);
    expect(retriever.calls).toBe(2);
  });

  it('serves the same question again from the cache, whatever its spelling, flagged as cached', async () => {
    const retriever = retrieverOf([runbook]);
    const cache = memoryCache();
    const asker = service(retriever, cache);
    const first = await asker.ask('Why did LOAD_DW_SALES fail?');
    const second = await asker.ask('why did load_dw_sales FAIL');
    expect(retriever.calls).toBe(1);
    expect(first.cached).toBe(false);
    expect(second).toMatchObject({ cached: true, text: first.text, question: 'why did load_dw_sales FAIL' });
  });

  it('caches time-sensitive questions in the short-lived kind', async () => {
    const cache = memoryCache();
    await service(retrieverOf([runbook]), cache).ask('Which runbook applies to LOAD_DW_SALES today?');
    expect([await cache.lookups('answerNow'), await cache.lookups('answer')]).toEqual([1, 0]);
    await service(retrieverOf([runbook]), cache).ask('Which runbook applies to LOAD_DW_SALES?');
    expect([await cache.lookups('answerNow'), await cache.lookups('answer')]).toEqual([1, 1]);
  });

  it('refuses questions that are too short or too long', async () => {
    const asker = service(retrieverOf([]), memoryCache());
    await expect(asker.ask('  ?')).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    await expect(asker.ask('x'.repeat(2001))).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });
});
