import type { DocumentLanguage } from '../model.js';

export type AnswerMode = 'GENERATED' | 'EXTRACTIVE' | 'NO_MATCH';

export interface Citation {
  /** The [n] used in the answer text. */
  marker: number;
  passageId: string;
  documentId: string;
  title: string;
  section: string | null;
  /** The passage, shortened. */
  excerpt: string;
  score: number;
}

export interface Answer {
  question: string;
  text: string;
  mode: AnswerMode;
  /** The LLM provider that wrote it (GENERATED only). */
  provider: string | null;
  citations: Citation[];
  cached: boolean;
  /** ISO-8601: when the answer was produced (earlier than now when cached). */
  generatedAt: string;
  /** What the caller should know about how the answer was made (fallbacks, offline modes). */
  note: string | null;
  language: DocumentLanguage;
}

/**
 * Writes an answer from numbered passages with an LLM. Implemented over the agents' provider
 * chain (core/llm) when a provider is configured; absent otherwise (extractive answers).
 */
export interface AnswerGenerator {
  generate(request: { system: string; user: string }): Promise<{ text: string; provider: string }>;
}
