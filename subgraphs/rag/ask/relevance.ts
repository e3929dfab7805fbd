import { distinctTerms, tokenize } from '../../../core/llm/embeddings-tokens.js';
import type { FusedPassage } from '../search/fusion.js';
import type { RetrievalResult } from '../search/retrieve.js';

/** Share of the question's terms a passage must contain to be answered from. */
const MIN_COVERAGE = 0.5;

/**
 * Passages worth answering from. Search may rank anything that shares one word with the
 * question; an answer must not quote a runbook about LOAD_DW_SALES to a question about a reorg
 * script because both say "run". A passage qualifies when it names an identifier of the question
 * exactly, when it contains at least half of the question's terms (word variants count:
 * "tablespaces" ~ "tablespace", "falhou" ~ "falha"), or when a semantic model found it.
 */
export function relevantPassages(question: string, retrieval: RetrievalResult): FusedPassage[] {
  const terms = distinctTerms(question);
  const vectorList = `vector:${retrieval.vectorSpace}`;
  return retrieval.passages.filter((p) => {
    if (p.matchedBy.some((m) => m.startsWith('identifier:'))) return true;
    if (retrieval.semantic && p.matchedBy.includes(vectorList)) return true;
    if (terms.length === 0) return false;
    const words = new Set(tokenize(`${p.document.title}\n${p.chunk.section ?? ''}\n${p.chunk.text}`));
    const covered = terms.filter((t) => words.has(t) || [...words].some((w) => variants(t, w))).length;
    return covered / terms.length >= MIN_COVERAGE;
  });
}

/** Same word in another form: a long shared prefix (tablespace/tablespaces, reexecutar/reexecute). */
function variants(a: string, b: string): boolean {
  const shortest = Math.min(a.length, b.length);
  if (shortest < 4 || /\d/.test(a) || /\d/.test(b)) return false;
  let common = 0;
  while (common < shortest && a[common] === b[common]) common++;
  return common >= Math.max(4, shortest - 2);
}
