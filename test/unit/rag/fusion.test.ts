import type { ChunkRecord, DocumentRecord, ScoredChunk } from '../../../subgraphs/rag/model.js';
import { fuse, RRF_K } from '../../../subgraphs/rag/search/fusion.js';

const document = (id: string, title = `Doc ${id}`): DocumentRecord => ({
  id,
  title,
  filename: `${id}.md`,
  mimeType: 'text/markdown',
  source: 'UPLOAD',
  sizeBytes: 1,
  contentHash: id,
  chunkCount: 1,
  tags: [],
  language: 'en',
  ingestedBy: 'test',
  createdAt: '2026-01-01T00:00:00.000Z',
});
const hit = (id: string, identifiers: string[] = [], title?: string): ScoredChunk => {
  const chunk: ChunkRecord = {
    id,
    documentId: `d-${id}`,
    chunkIndex: 0,
    text: id,
    section: null,
    identifiers,
  };
  return { chunk, document: document(`d-${id}`, title), score: 1 };
};

describe('reciprocal rank fusion', () => {
  it('ranks what both lists agree on above what one list ranks first', () => {
    const fused = fuse(
      [
        { name: 'vector', hits: [hit('a'), hit('b'), hit('c')] },
        { name: 'keyword', hits: [hit('d'), hit('b'), hit('e')] },
      ],
      [],
      10,
    );
    expect(fused.map((p) => p.chunk.id)).toEqual(['b', 'a', 'd', 'c', 'e']);
    expect(fused[0]!.matchedBy).toEqual(['vector', 'keyword']);
  });

  it('scores 1 only for first place everywhere, and one list alone at most half', () => {
    const both = fuse(
      [
        { name: 'v', hits: [hit('a')] },
        { name: 'k', hits: [hit('a')] },
      ],
      [],
      1,
    );
    expect(both[0]!.score).toBeCloseTo(1, 10);
    const one = fuse(
      [
        { name: 'v', hits: [hit('a')] },
        { name: 'k', hits: [] },
      ],
      [],
      1,
    );
    expect(one[0]!.score).toBeCloseTo(0.5, 10);
  });

  it('boosts passages that name the query identifiers exactly, in the text or the document title', () => {
    const lists = [
      {
        name: 'vector',
        hits: [
          hit('generic'),
          hit('exact', ['ORA-01653', 'LOAD_DW_SALES']),
          hit('titled', [], 'LOAD_DW_SALES runbook'),
        ],
      },
      {
        name: 'keyword',
        hits: [
          hit('generic'),
          hit('exact', ['ORA-01653', 'LOAD_DW_SALES']),
          hit('titled', [], 'LOAD_DW_SALES runbook'),
        ],
      },
    ];
    const fused = fuse(lists, ['ORA-01653', 'LOAD_DW_SALES'], 3);
    expect(fused.map((p) => p.chunk.id)).toEqual(['exact', 'titled', 'generic']);
    expect(fused[0]!.matchedBy).toEqual([
      'vector',
      'keyword',
      'identifier:ORA-01653',
      'identifier:LOAD_DW_SALES',
    ]);
    expect(fused[1]!.matchedBy).toContain('identifier:LOAD_DW_SALES');
    expect(fused[2]!.matchedBy).not.toContain('identifier:LOAD_DW_SALES');
  });

  it('respects the limit and list weights', () => {
    const fused = fuse(
      [
        { name: 'light', hits: [hit('a')], weight: 0.5 },
        { name: 'heavy', hits: [hit('b')], weight: 2 },
      ],
      [],
      1,
    );
    expect(fused.map((p) => p.chunk.id)).toEqual(['b']);
    expect(fused[0]!.score).toBeCloseTo(2 / (RRF_K + 1) / (2.5 / (RRF_K + 1)), 10);
  });
});
