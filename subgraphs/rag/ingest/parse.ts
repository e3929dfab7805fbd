import { Worker } from 'node:worker_threads';
import { BadUserInputError } from '../../../core/errors/index.js';
import { htmlToMarkdown } from './html.js';
import type { ValidatedUpload } from './input.js';
import { createLimiter } from '../limiter.js';

/** A document as Markdown-like text, whatever it was uploaded as, plus metadata it carried. */
export interface ParsedDocument {
  markdown: string;
  /** From front matter, the first H1, <title> or PDF metadata. */
  title: string | undefined;
  /** From front matter. */
  tags: string[];
}

export interface ParseOptions {
  /** Most characters of extracted text (RAG_MAX_DOCUMENT_CHARS); more is BAD_USER_INPUT. */
  maxChars: number;
}

/**
 * Extracts text with a maintained parser per format (marked later, html-to-text, pdf-parse).
 * The upload's byte limit does not bound its text (a compressed PDF expands a hundredfold), so
 * the text is limited here too, before anything downstream (chunking, embeddings) pays for it.
 */
export async function parseDocument(
  upload: ValidatedUpload,
  { maxChars }: ParseOptions,
): Promise<ParsedDocument> {
  const parsed = await extract(upload, maxChars);
  if (parsed.markdown.length > maxChars) throw tooMuchText(maxChars);
  return parsed;
}

async function extract(upload: ValidatedUpload, maxChars: number): Promise<ParsedDocument> {
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
      return parsePdf(upload.bytes, maxChars);
  }
}

function tooMuchText(maxChars: number): BadUserInputError {
  return new BadUserInputError(
    `The document holds more than ${maxChars} characters of text (RAG_MAX_DOCUMENT_CHARS): split it`,
    { field: 'content', maxChars },
  );
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
const PDF_TIMEOUT_MS = 20_000;
const PDF_WORKER_MEMORY_MB = 256;
/** PDF readers running at once: each may use PDF_WORKER_MEMORY_MB and a core; the rest queue. */
const PDF_WORKERS = 2;

const pdfSlots = createLimiter(PDF_WORKERS);

class TooMuchTextError extends Error {}

async function parsePdf(bytes: Buffer, maxChars: number): Promise<ParsedDocument> {
  try {
    const { text, title } = await pdfSlots.run(() => extractPdf(bytes, maxChars));
    return { markdown: text, title: title === '' ? undefined : title, tags: [] };
  } catch (error) {
    if (error instanceof TooMuchTextError) throw tooMuchText(maxChars);
    throw new BadUserInputError(`The PDF could not be read: ${(error as Error).message}`, {
      field: 'base64',
    });
  }
}

interface WorkerReply {
  ok: boolean;
  text?: string;
  title?: string;
  error?: string;
  /** The text grew past maxChars: the worker stopped reading. */
  tooLong?: boolean;
}

/**
 * pdf-parse in a worker thread (pdf-worker.mjs), terminated at the deadline. Settles only once
 * the thread has exited, so a PDF slot is never handed on while its memory is still held.
 */
function extractPdf(bytes: Buffer, maxChars: number): Promise<{ text: string; title: string }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./pdf-worker.mjs', import.meta.url), {
      workerData: { bytes: new Uint8Array(bytes), maxChars },
      resourceLimits: { maxOldGenerationSizeMb: PDF_WORKER_MEMORY_MB },
      // pdf.js may print warnings: keep them out of the service's stdout.
      stdout: true,
      stderr: true,
    });
    worker.stdout.resume();
    worker.stderr.resume();
    let outcome: { text: string; title: string } | Error | undefined;
    const finish = (result: { text: string; title: string } | Error) => {
      outcome ??= result;
      void worker.terminate();
    };
    const timer = setTimeout(
      () => finish(new Error(`text extraction took longer than ${PDF_TIMEOUT_MS} ms`)),
      PDF_TIMEOUT_MS,
    );
    worker.once('message', (message: WorkerReply) => {
      if (message.ok) finish({ text: message.text ?? '', title: message.title ?? '' });
      else finish(message.tooLong ? new TooMuchTextError() : new Error(message.error ?? 'unknown error'));
    });
    worker.once('error', (error) => finish(error));
    worker.once('exit', (code) => {
      clearTimeout(timer);
      const result = outcome ?? new Error(`the PDF reader stopped (exit code ${code})`);
      if (result instanceof Error) reject(result);
      else resolve(result);
    });
  });
}
