import type { DocumentLanguage } from '../model.js';
import { normaliseText } from '../../../core/llm/embeddings-tokens.js';

// Frequent words that exist in one language and not the other.
const PT = new Set(
  'de que nao para com uma os na no por como ao das dos quando se esta sao foi falhou falha reexecutar hoje agora qual quais porque voce entao tambem ate depois apos antes sem seu sua onde pelo pela isso esse essa executar rodar deve'.split(
    ' ',
  ),
);
const EN = new Set(
  'the and is of to with when what why how for on in failed fails rerun today now which it this that after before without its where should run must you be are'.split(
    ' ',
  ),
);

/** Portuguese or English, by counting words typical of each; `unknown` when neither clearly wins. */
export function detectLanguage(text: string): DocumentLanguage {
  let pt = 0;
  let en = 0;
  for (const word of normaliseText(text.slice(0, 20_000)).split(/[^a-z]+/)) {
    if (PT.has(word)) pt++;
    if (EN.has(word)) en++;
  }
  if (pt === 0 && en === 0) return 'unknown';
  return pt > en ? 'pt' : en > pt ? 'en' : 'unknown';
}
