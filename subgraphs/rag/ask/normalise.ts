import { normaliseText } from '../../../core/llm/embeddings-tokens.js';

/**
 * The cache key form of a question: accents, case, punctuation and spacing do not make a new
 * question ("Why did LOAD_DW_SALES fail?" = "why did load_dw_sales fail").
 */
export function normaliseQuestion(question: string): string {
  return normaliseText(question)
    .replace(/[^a-z0-9_#.\-\s]+/g, ' ')
    .replace(/(?<![a-z0-9])[.-]+|[.-]+(?![a-z0-9])/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

// Wording whose answer changes with the clock, in English and Portuguese (already normalised).
const TIME_SENSITIVE =
  /\b(now|right now|today|tonight|currently|current|at the moment|this (morning|afternoon|evening|week)|yesterday|latest|hoje|agora|neste momento|no momento|atualmente|atual|esta (manha|tarde|noite|semana)|ontem|ultim[oa]s?)\b/;

/** True when the answer depends on when the question is asked: such answers get a short cache TTL. */
export function isTimeSensitive(question: string): boolean {
  return TIME_SENSITIVE.test(normaliseQuestion(question));
}
