/**
 * The one tokenizer behind every lexical signal of retrieval: the offline embedding, the BM25
 * index of the embedded store and the sparse vectors sent to Qdrant. Sharing it keeps keyword
 * scores comparable whichever store is in use.
 *
 * Operators search for identifiers (`LOAD_DW_SALES`, `ORA-01653`, `AWSJCS027E`,
 * `AGT_LNX02#ETL_SALES.LOAD_DW_SALES`), so a compound is kept whole *and* split into its parts:
 * the whole token gives exact matches a high IDF, the parts let "dw sales load" still match.
 */

/** Words too common to carry meaning in English and Portuguese runbooks. */
const STOPWORDS = new Set(
  (
    'a an and are as at be but by for from has have if in into is it its of on or so that the their then there these ' +
    'this to was were what when where which who why will with you your do does did how can should not no yes ' +
    'o os as um uma uns umas de do da dos das em no na nos nas por para com sem e ou que se ao aos pelo pela pelos ' +
    'pelas como mais mas foi ser sao esta este isso isto essa esse ele ela eles elas seu sua seus suas ja nao sim ' +
    'quando onde qual quais porque entao tem ter'
  ).split(' '),
);

/** Separators that join the parts of an identifier (job stream.job, workstation#stream, ORA-nnnnn). */
const JOINERS = /[_\-.#/:]/;

/** Lower-case and strip diacritics so "Falhou"/"falhou" and "configuração"/"configuracao" meet. */
export function normaliseText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/**
 * Splits text into search terms. Each compound (`load_dw_sales`) is emitted whole and then
 * part by part; stopwords and one-letter words are dropped, numbers are kept (return codes).
 * Duplicates are kept: term frequency matters to BM25.
 */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  // A raw token is a run of letters/digits possibly joined by identifier separators.
  for (const match of normaliseText(text).matchAll(/[a-z0-9]+(?:[_\-.#/:][a-z0-9]+)*/g)) {
    const raw = match[0];
    if (JOINERS.test(raw)) {
      // Dates, paths and URLs also look like compounds; only keep the whole when it is short
      // enough to be an identifier, the parts are always useful.
      if (raw.length <= 64) out.push(raw);
      for (const part of raw.split(JOINERS)) if (keep(part)) out.push(part);
    } else if (keep(raw)) {
      out.push(raw);
    }
  }
  return out;
}

/** Distinct whole terms of a text (compounds not split): what a question asks about. */
export function distinctTerms(text: string): string[] {
  const out = new Set<string>();
  for (const match of normaliseText(text).matchAll(/[a-z0-9]+(?:[_\-.#/:][a-z0-9]+)*/g))
    if (keep(match[0])) out.add(match[0]);
  return [...out];
}

function keep(token: string): boolean {
  if (token.length === 0) return false;
  if (/^\d+$/.test(token)) return true;
  return token.length > 1 && !STOPWORDS.has(token);
}

/** Term → count, the shape BM25 and sparse vectors need. */
export function termFrequencies(tokens: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
  return counts;
}

/** FNV-1a, 32 bits: a stable, fast, dependency-free hash for feature hashing. */
export function fnv1a(text: string, seed = 0x811c9dc5): number {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}
