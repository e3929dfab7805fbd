import { Lexer, type Token, type Tokens } from 'marked';

export interface TextChunk {
  text: string;
  /** Heading path ("Runbook > Fix"), or null before the first heading. */
  section: string | null;
}

export interface ChunkOptions {
  /** Target size in characters. @default 1000 */
  targetChars?: number;
  /** Hard cap: a code block or table larger than this is split by lines. @default 2 × target */
  maxChars?: number;
}

/** A piece that is never cut: a sentence group, a code block, a table, a list (item). */
type Unit = string;

/**
 * Splits Markdown (every format is converted to Markdown-like text first) into passages:
 * a new passage starts at each heading; code blocks and tables are kept whole up to the hard
 * cap (then split by lines, tables repeating their header); prose is split between sentences
 * and never inside a word, so identifiers like AGT_LNX02#ETL_SALES.LOAD_DW_SALES stay intact.
 */
export function chunkMarkdown(
  markdown: string,
  { targetChars = 1000, maxChars = targetChars * 2 }: ChunkOptions = {},
): TextChunk[] {
  const chunks: TextChunk[] = [];
  const headings: string[] = [];
  let current: string[] = [];
  let size = 0;
  const section = () => (headings.filter(Boolean).length > 0 ? headings.filter(Boolean).join(' > ') : null);
  const flush = () => {
    const text = current.join('\n\n').trim();
    if (text !== '') chunks.push({ text, section: section() });
    current = [];
    size = 0;
  };
  const add = (unit: Unit) => {
    const length = unit.length;
    if (size > 0 && size + length + 2 > targetChars) flush();
    current.push(unit);
    size += length + 2;
    if (size >= targetChars) flush();
  };

  for (const token of new Lexer().lex(markdown)) {
    if (token.type === 'heading') {
      flush();
      const heading = token as Tokens.Heading;
      headings.length = Math.min(headings.length, heading.depth - 1);
      while (headings.length < heading.depth - 1) headings.push('');
      headings.push(heading.text.trim());
      continue;
    }
    for (const unit of unitsOf(token, targetChars, maxChars)) add(unit);
  }
  flush();
  return chunks;
}

function unitsOf(token: Token, target: number, max: number): Unit[] {
  const raw = token.raw.replace(/\s+$/, '');
  switch (token.type) {
    case 'space':
    case 'hr':
    case 'def':
      return [];
    case 'code':
      return raw.length <= max ? [raw] : splitCode(token as Tokens.Code, max);
    case 'table':
      return raw.length <= max ? [raw] : splitTable(raw, max);
    case 'list': {
      if (raw.length <= target) return [raw];
      // A long list becomes one unit per item (steps stay whole).
      return (token as Tokens.List).items.flatMap((item) =>
        splitProse(item.raw.replace(/\s+$/, ''), target, max),
      );
    }
    default:
      return raw.length <= target ? [raw] : splitProse(raw, target, max);
  }
}

/** Sentences grouped up to the target; a sentence longer than the hard cap is cut at spaces. */
function splitProse(text: string, target: number, max: number): Unit[] {
  const sentences = text.split(/(?<=[.!?:;])\s+(?=\S)/);
  const units: Unit[] = [];
  let buffer = '';
  for (const sentence of sentences.flatMap((s) => (s.length > max ? splitAtSpaces(s, target) : [s]))) {
    if (buffer !== '' && buffer.length + sentence.length + 1 > target) {
      units.push(buffer);
      buffer = '';
    }
    buffer = buffer === '' ? sentence : `${buffer} ${sentence}`;
  }
  if (buffer !== '') units.push(buffer);
  return units;
}

function splitAtSpaces(text: string, target: number): string[] {
  const parts: string[] = [];
  let buffer = '';
  for (const word of text.split(/\s+/)) {
    if (buffer !== '' && buffer.length + word.length + 1 > target) {
      parts.push(buffer);
      buffer = '';
    }
    buffer = buffer === '' ? word : `${buffer} ${word}`;
  }
  if (buffer !== '') parts.push(buffer);
  return parts;
}

/** A code block over the cap: groups of whole lines, each fenced again with the same language. */
function splitCode(token: Tokens.Code, max: number): Unit[] {
  const fence = '```' + (token.lang ?? '');
  return groupLines(token.text.split('\n'), max - fence.length - 8).map(
    (lines) => `${fence}\n${lines.join('\n')}\n\`\`\``,
  );
}

/** A table over the cap: groups of whole rows, each repeating the header and separator rows. */
function splitTable(raw: string, max: number): Unit[] {
  const [header = '', separator = '', ...rows] = raw.split('\n');
  const head = `${header}\n${separator}`;
  return groupLines(rows, max - head.length - 1).map((group) => `${head}\n${group.join('\n')}`);
}

function groupLines(lines: readonly string[], budget: number): string[][] {
  const groups: string[][] = [];
  let group: string[] = [];
  let size = 0;
  for (const line of lines) {
    if (group.length > 0 && size + line.length + 1 > budget) {
      groups.push(group);
      group = [];
      size = 0;
    }
    group.push(line);
    size += line.length + 1;
  }
  if (group.length > 0) groups.push(group);
  return groups;
}
