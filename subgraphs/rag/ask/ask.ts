import { BadUserInputError } from '../../../core/errors/index.js';
import type { Logger } from '../../../core/logger.js';
import { detectLanguage } from '../ingest/language.js';
import type { Retriever } from '../search/retrieve.js';
import type { AnswerCache } from './cache.js';
import { citationsOf, extractiveAnswer, noMatchAnswer } from './extractive.js';
import { isTimeSensitive, normaliseQuestion } from './normalise.js';
import { answerPrompt, citedMarkers } from './prompt.js';
import { relevantPassages } from './relevance.js';
import type { Answer, AnswerGenerator } from './types.js';

export interface AskServiceOptions {
  retriever: Retriever;
  cache: AnswerCache;
  /** The LLM; undefined when no provider is configured (answers are extractive). */
  generator: AnswerGenerator | undefined;
  /** Passages retrieved per question. @default 4 */
  passages: number;
  logger: Logger;
}

export interface AskService {
  ask(question: string): Promise<Answer>;
}

export function createAskService(options: AskServiceOptions): AskService {
  const { retriever, cache, generator, logger } = options;
  // Extractive answers given because the LLM failed: served, never cached.
  const fallbacks = new WeakSet<Answer>();

  const answer = async (question: string): Promise<Answer> => {
    const language = detectLanguage(question) === 'pt' ? 'pt' : 'en';
    const base = {
      question,
      provider: null,
      cached: false,
      generatedAt: new Date().toISOString(),
      language,
    } as const;
    const retrieval = await retriever.search(question, { limit: options.passages });
    const passages = relevantPassages(question, retrieval);
    if (passages.length === 0) {
      return { ...base, text: noMatchAnswer(language), mode: 'NO_MATCH', citations: [], note: null };
    }
    const citations = citationsOf(passages);
    const offlineNote = retrieval.semantic
      ? null
      : 'retrieval: offline lexical embeddings + keywords (no semantic model configured)';
    if (generator) {
      try {
        const generated = await generator.generate(answerPrompt(question, passages, language));
        const cited = citedMarkers(generated.text, citations.length);
        return {
          ...base,
          text: generated.text,
          mode: 'GENERATED',
          provider: generated.provider,
          // Citations always: the ones the model cited, or every passage it was given.
          citations: cited.length > 0 ? citations.filter((c) => cited.includes(c.marker)) : citations,
          note: offlineNote,
        };
      } catch (error) {
        logger.warn({ err: (error as Error).message }, 'LLM answer failed; answering extractively');
        const note = `The language model is unavailable (${(error as Error).message}); these are the best matching passages.`;
        const fallback: Answer = {
          ...base,
          text: extractiveAnswer(passages, language),
          mode: 'EXTRACTIVE',
          citations,
          note,
        };
        // Not cached: the next question should try the model again.
        fallbacks.add(fallback);
        return fallback;
      }
    }
    const note = [
      'No language model is configured: the answer quotes the best matching passages.',
      offlineNote,
    ]
      .filter(Boolean)
      .join(' ');
    return { ...base, text: extractiveAnswer(passages, language), mode: 'EXTRACTIVE', citations, note };
  };

  return {
    async ask(raw) {
      const question = raw.trim();
      if (question.length < 3 || question.length > 2000)
        throw new BadUserInputError('question must be 3–2000 characters', { field: 'question' });
      let produced: Answer | undefined;
      const found = await cache.getOrLoad(
        normaliseQuestion(question),
        isTimeSensitive(question),
        async () => (produced = await answer(question)),
        (a) => !fallbacks.has(a),
      );
      // Whatever this call did not compute itself (a stored answer, or one shared with an
      // identical question in flight) is served as cached, under this caller's wording.
      return { ...found, question, cached: found !== produced };
    },
  };
}
