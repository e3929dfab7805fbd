import { PDFParse } from 'pdf-parse';
import { BadUserInputError } from '../../../core/errors/index.js';
import { withTimeout } from '../../../core/server/index.js';
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
export async function parseDocument(upload: ValidatedUpload, { pdfTimeoutMs = 20_000 }: ParseOptions = {}): Promise<ParsedDocument> {
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

async function parsePdf(bytes: Buffer, timeoutMs: number): Promise<ParsedDocument> {
  const parser = new PDFParse({ data: new Uint8Array(bytes), verbosity: 0 });
  try {
    const [text, info] = await withTimeout(
      Promise.all([parser.getText({ pageJoiner: '' }), parser.getInfo().catch(() => undefined)]),
      timeoutMs,
      'PDF text extraction',
    );
    const title = typeof info?.info?.['Title'] === 'string' && info.info['Title'].trim() !== '' ? info.info['Title'].trim() : undefined;
    return { markdown: text.text, title, tags: [] };
  } catch (error) {
    throw new BadUserInputError(`The PDF could not be read: ${(error as Error).message}`, { field: 'base64' });
  } finally {
    await parser.destroy().catch(() => undefined);
  }
}
