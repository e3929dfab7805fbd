import { readdir, readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { Logger } from '../../core/logger.js';
import type { IngestService } from './ingest/ingest.js';

const TEXT_EXTENSIONS = new Set(['.md', '.markdown', '.txt', '.html', '.htm']);

export interface CorpusCounts {
  created: number;
  existing: number;
  failed: number;
}

export interface CorpusLoadOptions {
  /** Stops between files (the service is stopping). */
  signal?: AbortSignal;
  /** After each file: how many are done out of how many. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Ingests every supported file of a folder as CORPUS documents. Idempotent: the content-hash
 * dedupe makes a second start a series of cheap lookups. A bad file is logged and skipped; the
 * rest still loads.
 */
export async function loadCorpus(
  ingest: IngestService,
  dir: string,
  logger: Logger,
  { signal, onProgress }: CorpusLoadOptions = {},
): Promise<CorpusCounts> {
  const files = (await readdir(dir))
    .filter((f) => TEXT_EXTENSIONS.has(extname(f).toLowerCase()) || extname(f).toLowerCase() === '.pdf')
    .sort();
  const counts = { created: 0, existing: 0, failed: 0 };
  onProgress?.(0, files.length);
  for (const [index, filename] of files.entries()) {
    if (signal?.aborted) break;
    try {
      const bytes = await readFile(join(dir, filename));
      const content =
        extname(filename).toLowerCase() === '.pdf'
          ? { base64: bytes.toString('base64') }
          : { text: bytes.toString('utf8') };
      const { created } = await ingest.ingest({ filename, ...content }, { sub: 'system', source: 'CORPUS' });
      counts[created ? 'created' : 'existing']++;
    } catch (error) {
      counts.failed++;
      logger.warn({ file: filename, err: (error as Error).message }, 'corpus file not loaded');
    }
    onProgress?.(index + 1, files.length);
  }
  logger.info({ dir, ...counts }, 'corpus loaded');
  return counts;
}
