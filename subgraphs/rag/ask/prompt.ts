import type { DocumentLanguage } from '../model.js';
import type { FusedPassage } from '../search/fusion.js';

/** Characters of one passage given to the model; chunks are already about this size. */
const PASSAGE_CHARS = 2500;

/**
 * The grounded-answer prompt: numbered passages, an instruction to answer only from them and
 * to cite them as [n], and the language to answer in. Identifiers and commands must be copied,
 * not paraphrased: an operator will paste them into conman.
 */
export function answerPrompt(
  question: string,
  passages: readonly FusedPassage[],
  language: DocumentLanguage,
): { system: string; user: string } {
  const system = [
    'You are Resync, an assistant for operators of HCL Workload Automation (formerly IBM Tivoli Workload Scheduler).',
    'Answer the question using only the numbered passages. After each statement, cite its passage as [n].',
    'If the passages do not answer the question, say so plainly instead of guessing.',
    'Copy job names, message ids, return codes and commands exactly as written in the passages.',
    `Answer in ${language === 'pt' ? 'Brazilian Portuguese' : 'English'}, concisely, with numbered steps when the passages give steps.`,
  ].join(' ');
  const blocks = passages.map((p, i) => {
    const where = p.chunk.section ? `${p.document.title} — ${p.chunk.section}` : p.document.title;
    return `[${i + 1}] ${where}\n${p.chunk.text.slice(0, PASSAGE_CHARS)}`;
  });
  return { system, user: `Passages:\n\n${blocks.join('\n\n')}\n\nQuestion: ${question}` };
}

/** The [n] markers an answer uses, limited to the passages that exist. */
export function citedMarkers(text: string, passages: number): number[] {
  const markers = new Set<number>();
  for (const m of text.matchAll(/\[(\d{1,2})\]/g)) {
    const n = Number(m[1]);
    if (n >= 1 && n <= passages) markers.add(n);
  }
  return [...markers].sort((a, b) => a - b);
}
