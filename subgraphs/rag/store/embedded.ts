import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import {
  count,
  create,
  getByID,
  insertMultiple,
  load,
  removeMultiple,
  save,
  search,
  update,
  type AnyOrama,
} from '@orama/orama';
import type { EmbeddingSpace } from '../../../core/llm/embeddings.js';
import type { Logger } from '../../../core/logger.js';
import type { ChunkRecord, ChunkWithVectors, DocumentRecord, ScoredChunk } from '../model.js';
import { oramaTokenizer, oramaWhere } from './embedded-orama.js';
import type { ChunkSpaces, VectorStore, VectorUpdate } from './types.js';

const FORMAT = 'resync-rag-embedded/1';

interface PersistedFile {
  format: typeof FORMAT;
  spaces: Array<{ name: string; dimensions: number }>;
  documents: DocumentRecord[];
  orama: ReturnType<typeof save>;
}

/** What one Orama document holds: the chunk, filterable copies of document fields, its vectors. */
interface StoredChunk {
  id: string;
  documentId: string;
  chunkIndex: number;
  text: string;
  title: string;
  section: string;
  identifiers: string[];
  tags: string[];
  mimeType: string;
  source: string;
  spaces: string[];
  [space: string]: unknown;
}

export interface EmbeddedStoreOptions {
  /** The persisted file, e.g. `.data/rag/store.json.gz`. */
  path: string;
  spaces: readonly EmbeddingSpace[];
  logger: Logger;
  /** How long changes may wait before the file is rewritten (and what a crash can lose). @default 2000 */
  persistDelayMs?: number;
}

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/**
 * The embedded store of the default run and CI: Orama (BM25 full-text + exact cosine vector
 * search, one vector property per embedding space) persisted as gzipped JSON under DATA_DIR,
 * atomically (temp file + rename). One process owns the file; use Qdrant for several replicas.
 *
 * Persistence is coalesced: a write marks the store dirty and the whole file is rewritten at most
 * every `persistDelayMs` (serialising it costs hundreds of ms for a big corpus, and writing it
 * after every ingest or backfill batch made loading a corpus quadratic), and once more on close().
 * A crash (not a normal stop) loses at most the last `persistDelayMs` of changes: documents
 * ingested then are simply absent after the restart, so ingesting them again (the corpus load
 * at start does it for the bundled runbooks) stores them instead of answering "duplicate".
 *
 * Orama's own `save`/`load` are used rather than @orama/plugin-data-persistence's `restore`,
 * because `restore` rebuilds the database with default components and a placeholder schema, and
 * this store needs its tokenizer (identifier-aware) and vector properties back.
 */
export function createEmbeddedStore({
  path,
  spaces,
  logger,
  persistDelayMs = 2000,
}: EmbeddedStoreOptions): VectorStore {
  let db: AnyOrama = newDb(spaces);
  const documents = new Map<string, DocumentRecord>();
  let queue: Promise<unknown> = Promise.resolve();
  // Writes (and the persistence that follows them) run one at a time, in order.
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  };

  const persist = async () => {
    const file: PersistedFile = {
      format: FORMAT,
      spaces: spaces.map((s) => ({ name: s.name, dimensions: s.dimensions })),
      documents: [...documents.values()],
      orama: save(db),
    };
    await mkdir(dirname(path), { recursive: true });
    const temp = `${path}.${process.pid}.tmp`;
    await writeFile(temp, await gzipAsync(JSON.stringify(file)));
    await rename(temp, path);
  };

  let dirty = false;
  let timer: NodeJS.Timeout | undefined;
  /** Writes the file if anything changed since the last write; runs in the serial queue. */
  const flush = async () => {
    if (!dirty) return;
    dirty = false;
    try {
      await persist();
    } catch (error) {
      dirty = true; // the next change or close() tries again
      logger.warn({ path, err: (error as Error).message }, 'embedded store: could not persist');
    }
  };
  /** Called inside the serial queue after a change. */
  const changed = () => {
    dirty = true;
    if (timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void serial(flush);
    }, persistDelayMs);
    timer.unref();
  };

  const allChunks = async (): Promise<StoredChunk[]> => {
    const total = count(db);
    if (total === 0) return [];
    // includeVectors: Orama otherwise nulls the vector fields of the stored documents themselves.
    const result = await search(db, { term: '', limit: total, includeVectors: true });
    return result.hits.map((hit) => hit.document as unknown as StoredChunk);
  };

  const idsOf = async (documentId: string): Promise<string[]> => {
    const result = await search(db, {
      term: '',
      where: { documentId: { eq: documentId } },
      limit: 100_000,
      includeVectors: true,
    } as never);
    return result.hits.map((hit) => hit.id);
  };

  const toScored = (hits: ReadonlyArray<{ score: number; document: unknown }>): ScoredChunk[] =>
    hits.flatMap((hit) => {
      const stored = hit.document as StoredChunk;
      const document = documents.get(stored.documentId);
      return document ? [{ chunk: toChunk(stored), document, score: hit.score }] : [];
    });

  return {
    mode: 'embedded',
    location: path,
    async init() {
      let raw: Buffer;
      try {
        raw = await readFile(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw error;
      }
      const file = JSON.parse((await gunzipAsync(raw)).toString('utf8')) as PersistedFile;
      if (file.format !== FORMAT) throw new Error(`${path}: unknown format ${String(file.format)}`);
      for (const document of file.documents) documents.set(document.id, document);
      if (sameSpaces(file.spaces, spaces)) {
        load(db, file.orama);
        return;
      }
      // The embedding models changed: keep the vectors of spaces still in use, drop the others;
      // the backfill at start embeds what is missing.
      const previous = newDb(file.spaces.map((s) => ({ ...s, semantic: false })));
      load(previous, file.orama);
      db = previous;
      const chunks = await allChunks();
      db = newDb(spaces);
      const kept = new Set(spaces.map((s) => s.name));
      await insertMultiple(db, chunks.map((c) => retarget(c, kept)) as never);
      logger.info(
        { chunks: chunks.length, from: file.spaces.map((s) => s.name), to: [...kept] },
        'embedded store: embedding spaces changed',
      );
      changed();
    },
    searchableSpaces: () => new Set(spaces.map((s) => s.name)),
    putDocument(document, chunks) {
      return serial(async () => {
        const stale = await idsOf(document.id);
        if (stale.length > 0) await removeMultiple(db, stale);
        await insertMultiple(db, chunks.map((c) => toStored(document, c, spaces)) as never);
        documents.set(document.id, document);
        changed();
      });
    },
    async getDocument(id) {
      return documents.get(id);
    },
    async findDocumentByHash(contentHash) {
      for (const document of documents.values()) if (document.contentHash === contentHash) return document;
      return undefined;
    },
    async listDocuments({ limit, offset }) {
      return [...documents.values()]
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id))
        .slice(offset, offset + limit);
    },
    deleteDocument(id) {
      return serial(async () => {
        if (!documents.has(id)) return 0;
        const ids = await idsOf(id);
        if (ids.length > 0) await removeMultiple(db, ids);
        documents.delete(id);
        changed();
        return ids.length;
      });
    },
    async searchVector(space, vector, { limit, filter }) {
      if (!spaces.some((s) => s.name === space)) return [];
      const where = oramaWhere(filter);
      const result = await search(db, {
        mode: 'vector',
        vector: { value: [...vector], property: space },
        // Every positive similarity: ranking (and fusion) decide, not a fixed cut-off.
        similarity: 1e-6,
        limit,
        includeVectors: true,
        ...(where ? { where } : {}),
      } as never);
      return toScored(result.hits);
    },
    async searchKeyword(query, { limit, filter }) {
      const where = oramaWhere(filter);
      const result = await search(db, {
        term: query,
        properties: ['text', 'title', 'section'],
        boost: { title: 2, section: 1.5 },
        limit,
        includeVectors: true,
        ...(where ? { where } : {}),
      } as never);
      // An empty term matches everything in Orama; a keyword search for nothing finds nothing.
      return query.trim() === '' ? [] : toScored(result.hits);
    },
    async chunksMissing(space, limit) {
      const missing = (await allChunks()).filter((c) => !c.spaces.includes(space)).slice(0, limit);
      return missing.map((c) => ({ chunk: toChunk(c), spaces: [...c.spaces] }) satisfies ChunkSpaces);
    },
    setVectors(space, updates: readonly VectorUpdate[]) {
      return serial(async () => {
        for (const { chunkId, vector, spaces: has } of updates) {
          const stored = getByID(db, chunkId) as StoredChunk | undefined;
          if (!stored) continue;
          await update(db, chunkId, { ...stored, [space]: vector, spaces: [...has] } as never);
        }
        changed();
      });
    },
    async stats() {
      return { documents: documents.size, chunks: count(db) };
    },
    async close() {
      clearTimeout(timer);
      timer = undefined;
      await serial(flush);
    },
  };
}

function newDb(
  spaces: readonly EmbeddingSpace[] | ReadonlyArray<{ name: string; dimensions: number }>,
): AnyOrama {
  const schema: Record<string, string> = {
    documentId: 'enum',
    chunkIndex: 'number',
    text: 'string',
    title: 'string',
    section: 'string',
    identifiers: 'enum[]',
    tags: 'enum[]',
    mimeType: 'enum',
    source: 'enum',
    spaces: 'enum[]',
  };
  for (const space of spaces) schema[space.name] = `vector[${space.dimensions}]`;
  return create({ schema: schema as never, components: { tokenizer: oramaTokenizer() } }) as AnyOrama;
}

function sameSpaces(
  a: ReadonlyArray<{ name: string; dimensions: number }>,
  b: readonly EmbeddingSpace[],
): boolean {
  const key = (list: ReadonlyArray<{ name: string; dimensions: number }>) =>
    list
      .map((s) => `${s.name}:${s.dimensions}`)
      .sort()
      .join(',');
  return key(a) === key(b);
}

function toStored(
  document: DocumentRecord,
  chunk: ChunkWithVectors,
  spaces: readonly EmbeddingSpace[],
): StoredChunk {
  const stored: StoredChunk = {
    id: chunk.id,
    documentId: document.id,
    chunkIndex: chunk.chunkIndex,
    text: chunk.text,
    title: document.title,
    section: chunk.section ?? '',
    identifiers: [...chunk.identifiers],
    tags: [...document.tags],
    mimeType: document.mimeType,
    source: document.source,
    spaces: [],
  };
  for (const space of spaces) {
    const vector = chunk.vectors[space.name];
    if (vector && vector.length === space.dimensions) {
      stored[space.name] = vector;
      stored.spaces.push(space.name);
    }
  }
  return stored;
}

/** A stored chunk moved to a new set of spaces: vectors of dropped spaces go. */
function retarget(stored: StoredChunk, kept: ReadonlySet<string>): StoredChunk {
  const out: StoredChunk = { ...stored, spaces: stored.spaces.filter((s) => kept.has(s)) };
  for (const space of stored.spaces) if (!kept.has(space)) delete out[space];
  return out;
}

function toChunk(stored: StoredChunk): ChunkRecord {
  return {
    id: stored.id,
    documentId: stored.documentId,
    chunkIndex: stored.chunkIndex,
    text: stored.text,
    section: stored.section === '' ? null : stored.section,
    identifiers: [...stored.identifiers],
  };
}
