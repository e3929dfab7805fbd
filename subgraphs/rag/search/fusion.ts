import { extractIdentifiers } from '../ingest/identifiers.js';
import type { ChunkRecord, DocumentRecord, ScoredChunk } from '../model.js';

/** Reciprocal rank fusion constant (Cormack et al.): damps the weight of the very first ranks. */
export const RRF_K = 60;

export interface RankedList {
  /** e.g. `keyword`, `vector:nvidia-nv-embedqa-e5-v5-1024`. */
  name: string;
  hits: readonly ScoredChunk[];
  /** @default 1 */
  weight?: number;
}

export interface FusedPassage {
  chunk: ChunkRecord;
  document: DocumentRecord;
  /** 0..1: the fused score over the best score this query could reach. */
  score: number;
  /** Why it is here: list names, and `identifier:<ID>` for exact identifier matches. */
  matchedBy: string[];
  /** Raw score per list (cosine, BM25), for callers that need a relevance floor. */
  raw: Record<string, number>;
}

/**
 * Fuses ranked lists with reciprocal rank fusion (score = Σ weight / (k + rank)), then adds a
 * boost for each identifier of the query the passage mentions exactly (job names, message ids
 * such as AWSJCS027E, ORA-01653), worth as much as being first in one list. The final score is
 * divided by the maximum reachable, so 1 means "first everywhere and every identifier matched".
 */
export function fuse(
  lists: readonly RankedList[],
  queryIdentifiers: readonly string[],
  limit: number,
): FusedPassage[] {
  const byId = new Map<string, FusedPassage & { fused: number }>();
  for (const { name, hits, weight = 1 } of lists) {
    hits.forEach((hit, rank) => {
      const entry =
        byId.get(hit.chunk.id) ??
        ({
          chunk: hit.chunk,
          document: hit.document,
          score: 0,
          fused: 0,
          matchedBy: [],
          raw: {},
        } as FusedPassage & { fused: number });
      entry.fused += weight / (RRF_K + rank + 1);
      entry.matchedBy.push(name);
      entry.raw[name] = hit.score;
      byId.set(hit.chunk.id, entry);
    });
  }
  const identifierWeight = 1 / (RRF_K + 1);
  const wanted = new Set(queryIdentifiers);
  for (const entry of byId.values()) {
    if (wanted.size === 0) break;
    // Titles name the job a runbook is for ("LOAD_DW_SALES fails with ORA-01653").
    const mentioned = new Set([...entry.chunk.identifiers, ...extractIdentifiers(entry.document.title)]);
    const matched = [...wanted].filter((id) => mentioned.has(id));
    entry.fused += (identifierWeight * matched.length) / wanted.size;
    for (const id of matched) entry.matchedBy.push(`identifier:${id}`);
  }
  // The best reachable: first in every list (found or not) and every identifier matched, so a
  // passage found by one list only can never look like a perfect match.
  const best =
    lists.reduce((sum, l) => sum + (l.weight ?? 1) / (RRF_K + 1), 0) +
    (wanted.size > 0 ? identifierWeight : 0);
  return [...byId.values()]
    .sort((a, b) => b.fused - a.fused || a.chunk.chunkIndex - b.chunk.chunkIndex)
    .slice(0, limit)
    .map(({ fused, ...passage }) => ({ ...passage, score: best === 0 ? 0 : Math.min(1, fused / best) }));
}
