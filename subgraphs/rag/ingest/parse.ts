import { Worker } from 'node:worker_threads';
import { BadUserInputError } from '../../../core/errors/index.js';
import { htmlToMarkdown } from './html.js';
import type { ValidatedUpload } from './input.js';

/** A document as Markdown-like text, whatever it was uploaded as, plus metadata it carried. */
export interface ParsedDocument {
  markdown: string;
  /** From front matter, the first H1, <title> or PDF metadata. */
  title: string | undefined;
  /** From front matter. */
  tags: string[];
}

export interface ParseOptions {
  /** Deadline for extracting the text of a PDF. @default 20000 */
  pdfTimeoutMs?: number;
}

/** Extracts text with a maintained parser per format (marked later, html-to-text, pdf-parse). */
export async function parseDocument(
  upload: ValidatedUpload,
  { pdfTimeoutMs = 20_000 }: ParseOptions = {},
): Promise<ParsedDocument> {
  switch (upload.format) {
    case 'markdown':
      return parseMarkdown(upload.bytes.toString('utf8'));
    case 'text':
      return { markdown: upload.bytes.toString('utf8'), title: undefined, tags: [] };
    case 'html': {
      const { markdown, title } = htmlToMarkdown(upload.bytes.toString('utf8'));
      return { markdown, title: title ?? firstHeading(markdown), tags: [] };
    }
    case 'pdf':
      return parsePdf(upload.bytes, pdfTimeoutMs);
  }
}

/** Markdown, with an optional YAML-style front matter block of `key: value` lines. */
export function parseMarkdown(text: string): ParsedDocument {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(text);
  const meta = new Map<string, string>();
  if (match) {
    for (const line of match[1]!.split(/\r?\n/)) {
      const kv = /^([A-Za-z_][\w-]*)\s*:\s*(.*)$/.exec(line);
      if (kv) meta.set(kv[1]!.toLowerCase(), kv[2]!.trim());
    }
  }
  const markdown = match ? text.slice(match[0].length) : text;
  const tags = (meta.get('tags') ?? '')
    .replace(/^\[|\]$/g, '')
    .split(',')
    .map((t) => t.trim().replace(/^["']|["']$/g, ''))
    .filter((t) => t !== '');
  const title = meta.get('title')?.replace(/^["']|["']$/g, '');
  return { markdown, title: title || firstHeading(markdown), tags };
}

function firstHeading(markdown: string): string | undefined {
  return /^#\s+(.+?)\s*#*\s*$/m.exec(markdown)?.[1];
}

/** Deadline and memory cap enforced on the worker thread that reads a PDF. */
const PDF_WORKER_MEMORY_MB = 256;

async function parsePdf(bytes: Buffer, timeoutMs: number): Promise<ParsedDocument> {
  try {
    const { text, title } = await extractPdf(bytes, timeoutMs);
    return { markdown: text, title: title === '' ? undefined : title, tags: [] };
  } catch (error) {
    throw new BadUserInputError(`The PDF could not be read: ${(error as Error).message}`, {
      field: 'base64',
    });
  }
}

/** pdf-parse in a worker thread (pdf-worker.mjs), terminated at the deadline. */
function extractPdf(bytes: Buffer, timeoutMs: number): Promise<{ text: string; title: string }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./pdf-worker.mjs', import.meta.url), {
      workerData: { bytes: new Uint8Array(bytes) },
      resourceLimits: { maxOldGenerationSizeMb: PDF_WORKER_MEMORY_MB },
      // pdf.js may print warnings: keep them out of the service's stdout.
      stdout: true,
      stderr: true,
    });
    worker.stdout.resume();
    worker.stderr.resume();
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`text extraction took longer than ${timeoutMs} ms`));
    }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      void worker.terminate();
    };
    worker.once('message', (message: { ok: boolean; text?: string; title?: string; error?: string }) => {
      done();
      if (message.ok) resolve({ text: message.text ?? '', title: message.title ?? '' });
      else reject(new Error(message.error ?? 'unknown error'));
    });
    worker.once('error', (error) => {
      done();
      reject(error);
    });
    // Settling twice is a no-op: this only matters when the worker died without a message.
    worker.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the PDF reader stopped (exit code ${code})`));
    });
  });
}
