import type { DocumentLanguage } from '../model.js';
import type { FusedPassage } from '../search/fusion.js';
import type { Citation } from './types.js';

/** Longest quote of the best passage; cut at a block boundary, never inside a code block. */
const QUOTE_CHARS = 1400;
const EXCERPT_CHARS = 300;

const TEXT = {
  en: {
    from: (title: string, section: string | null) => `From "${title}"${section ? ` (${section})` : ''}`,
    also: 'Also relevant:',
    none: 'No runbook or document matches this question. Try the job name, the message id (e.g. AWSJCS027E) or the error code (e.g. ORA-01653), or ingest the runbook with ingestDocument.',
  },
  pt: {
    from: (title: string, section: string | null) =>
      `Do documento "${title}"${section ? ` (${section})` : ''}`,
    also: 'Também relevante:',
    none: 'Nenhum runbook ou documento corresponde a esta pergunta. Tente o nome do job, o id da mensagem (ex.: AWSJCS027E) ou o código de erro (ex.: ORA-01653), ou ingira o runbook com ingestDocument.',
  },
} as const;

export function textsFor(language: DocumentLanguage) {
  return language === 'pt' ? TEXT.pt : TEXT.en;
}

/** Citations for passages, numbered from 1 in the given order. */
export function citationsOf(passages: readonly FusedPassage[]): Citation[] {
  return passages.map((p, i) => ({
    marker: i + 1,
    passageId: p.chunk.id,
    documentId: p.document.id,
    title: p.document.title,
    section: p.chunk.section,
    excerpt: shorten(p.chunk.text, EXCERPT_CHARS),
    score: Math.round(p.score * 10_000) / 10_000,
  }));
}

/**
 * The answer without an LLM: the best passage quoted (steps, commands and tables as written,
 * which is what an operator needs from a runbook), then a pointer to each other relevant
 * passage. Every claim is a quote, so it is grounded by construction; [n] marks the source.
 */
export function extractiveAnswer(passages: readonly FusedPassage[], language: DocumentLanguage): string {
  const t = textsFor(language);
  const [best, ...others] = passages;
  if (!best) return t.none;
  const lines = [
    `${t.from(best.document.title, best.chunk.section)} [1]:`,
    '',
    quoteBlocks(best.chunk.text, QUOTE_CHARS),
  ];
  if (others.length > 0) {
    lines.push('', t.also);
    others.forEach((p, i) => {
      const where = p.chunk.section ? `${p.document.title} — ${p.chunk.section}` : p.document.title;
      lines.push(`- ${where}: ${firstSentence(p.chunk.text)} [${i + 2}]`);
    });
  }
  return lines.join('\n');
}

export function noMatchAnswer(language: DocumentLanguage): string {
  return textsFor(language).none;
}

/** Whole blocks (separated by blank lines) up to `max` characters; at least the first block. */
function quoteBlocks(text: string, max: number): string {
  const blocks = text.split(/\n{2,}/);
  const out: string[] = [];
  let size = 0;
  for (const block of blocks) {
    if (out.length > 0 && size + block.length > max) {
      out.push('…');
      break;
    }
    out.push(block);
    size += block.length + 2;
  }
  return out.join('\n\n');
}

function firstSentence(text: string): string {
  const flat = text
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const sentence = /^(.+?[.!?])(\s|$)/.exec(flat)?.[1] ?? flat;
  return shorten(sentence, 200);
}

function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${cut.slice(0, space > max * 0.6 ? space : max)}…`;
}
