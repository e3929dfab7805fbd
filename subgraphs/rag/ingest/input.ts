import { BadUserInputError } from '../../../core/errors/index.js';

export type DocumentFormat = 'markdown' | 'text' | 'html' | 'pdf';

/** Canonical MIME type, accepted aliases and file extensions of each supported format. */
const FORMATS: ReadonlyArray<{
  format: DocumentFormat;
  mime: string;
  aliases: readonly string[];
  extensions: readonly string[];
}> = [
  {
    format: 'markdown',
    mime: 'text/markdown',
    aliases: ['text/x-markdown'],
    extensions: ['.md', '.markdown'],
  },
  { format: 'text', mime: 'text/plain', aliases: [], extensions: ['.txt', '.log', '.text'] },
  {
    format: 'html',
    mime: 'text/html',
    aliases: ['application/xhtml+xml'],
    extensions: ['.html', '.htm', '.xhtml'],
  },
  { format: 'pdf', mime: 'application/pdf', aliases: ['application/x-pdf'], extensions: ['.pdf'] },
];

const SUPPORTED_TEXT = 'Markdown (.md), plain text (.txt), HTML (.html) or PDF (.pdf)';

/** What `ingestDocument` receives (the GraphQL input). */
export interface IngestInput {
  filename: string;
  mimeType?: string | null | undefined;
  /** UTF-8 content (Markdown, text, HTML). */
  text?: string | null | undefined;
  /** Base64 content (any format; required for PDF). */
  base64?: string | null | undefined;
  title?: string | null | undefined;
  tags?: readonly string[] | null | undefined;
}

export interface ValidatedUpload {
  filename: string;
  format: DocumentFormat;
  mimeType: string;
  bytes: Buffer;
  title: string | undefined;
  tags: string[];
}

const MAX_TAGS = 20;

/**
 * Checks an upload before any parsing: a sane file name, exactly one content field, a size
 * under the limit (measured before decoding base64), a supported type, and content that is
 * what it claims to be. Every refusal is BAD_USER_INPUT with a message that says what to fix.
 */
export function validateUpload(input: IngestInput, { maxBytes }: { maxBytes: number }): ValidatedUpload {
  const filename = input.filename.trim();
  if (filename === '' || filename.length > 255 || /[/\\]/.test(filename) || hasControlCharacters(filename)) {
    throw new BadUserInputError(
      'filename must be 1–255 characters without path separators or control characters',
      { field: 'filename' },
    );
  }
  const hasText = typeof input.text === 'string';
  const hasBase64 = typeof input.base64 === 'string';
  if (hasText === hasBase64) {
    throw new BadUserInputError('Give the content in exactly one of `text` (UTF-8) or `base64`', {
      field: 'text',
    });
  }
  const spec = resolveFormat(filename, input.mimeType ?? undefined);
  const bytes = hasText ? textBytes(input.text!, maxBytes) : base64Bytes(input.base64!, maxBytes);
  if (bytes.length === 0)
    throw new BadUserInputError('The document is empty', { field: hasText ? 'text' : 'base64' });
  checkContent(spec.format, bytes);
  const title = input.title?.trim();
  if (title !== undefined && title.length > 300)
    throw new BadUserInputError('title must be at most 300 characters', { field: 'title' });
  return {
    filename,
    format: spec.format,
    mimeType: spec.mime,
    bytes,
    title: title === '' ? undefined : title,
    tags: normaliseTags(input.tags ?? []),
  };
}

function hasControlCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++)
    if (text.charCodeAt(i) < 0x20 || text.charCodeAt(i) === 0x7f) return true;
  return false;
}

function resolveFormat(filename: string, mimeType: string | undefined) {
  const declared = mimeType?.split(';')[0]?.trim().toLowerCase();
  if (declared) {
    const spec = FORMATS.find((f) => f.mime === declared || f.aliases.includes(declared));
    if (!spec)
      throw new BadUserInputError(`Unsupported file type ${declared}: upload ${SUPPORTED_TEXT}`, {
        field: 'mimeType',
      });
    return spec;
  }
  const lower = filename.toLowerCase();
  const spec = FORMATS.find((f) => f.extensions.some((ext) => lower.endsWith(ext)));
  if (!spec) {
    throw new BadUserInputError(
      `Unsupported file type for ${filename}: upload ${SUPPORTED_TEXT}, or set mimeType`,
      { field: 'filename' },
    );
  }
  return spec;
}

function tooLarge(size: number, maxBytes: number): BadUserInputError {
  return new BadUserInputError(
    `The document is ${size} bytes; the limit is ${maxBytes} bytes (RAG_MAX_DOCUMENT_BYTES)`,
    {
      field: 'content',
      maxBytes,
    },
  );
}

function textBytes(text: string, maxBytes: number): Buffer {
  // A UTF-16 string is at least as many bytes as characters: refuse huge strings before encoding.
  if (text.length > maxBytes) throw tooLarge(text.length, maxBytes);
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length > maxBytes) throw tooLarge(bytes.length, maxBytes);
  return bytes;
}

function base64Bytes(base64: string, maxBytes: number): Buffer {
  const compact = base64.replace(/\s+/g, '');
  const padding = compact.endsWith('==') ? 2 : compact.endsWith('=') ? 1 : 0;
  const decodedSize = Math.floor((compact.length * 3) / 4) - padding;
  if (decodedSize > maxBytes) throw tooLarge(decodedSize, maxBytes);
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) {
    throw new BadUserInputError('base64 is not valid base64 (standard alphabet, padded)', {
      field: 'base64',
    });
  }
  return Buffer.from(compact, 'base64');
}

function checkContent(format: DocumentFormat, bytes: Buffer): void {
  if (format === 'pdf') {
    if (bytes.subarray(0, 1024).indexOf('%PDF-') === -1) {
      throw new BadUserInputError('The content is not a PDF (no %PDF- header)', { field: 'base64' });
    }
    return;
  }
  if (bytes.includes(0))
    throw new BadUserInputError(`The content is binary, not ${format}: upload ${SUPPORTED_TEXT}`, {
      field: 'content',
    });
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new BadUserInputError('Text documents must be UTF-8', { field: 'content' });
  }
}

/** Lower-case tags of letters, digits, `.`, `_`, `-`; duplicates dropped. */
export function normaliseTags(tags: readonly string[]): string[] {
  const out = new Set<string>();
  for (const tag of tags) {
    const t = tag.trim().toLowerCase();
    if (t === '') continue;
    if (!/^[a-z0-9][a-z0-9._-]{0,39}$/.test(t)) {
      throw new BadUserInputError(
        `Invalid tag "${tag.slice(0, 50)}": use up to 40 letters, digits, ".", "_" or "-"`,
        { field: 'tags' },
      );
    }
    out.add(t);
  }
  if (out.size > MAX_TAGS) throw new BadUserInputError(`At most ${MAX_TAGS} tags`, { field: 'tags' });
  return [...out];
}
