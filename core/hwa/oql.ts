import { BadUserInputError } from '../errors/index.js';

/**
 * OQL building blocks. Values are always quoted here (a doubled `'` escapes a quote, as HWA's OQL
 * does), so user input can never change the structure of a query.
 */
export function quote(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

export function eq(field: string, value: string): string {
  return `${field} = ${quote(value)}`;
}

/** `(f = 'a' OR f = 'b')`; a single value needs no parentheses. */
export function anyOf(field: string, values: readonly string[]): string {
  if (values.length === 0) throw new Error(`anyOf(${field}) needs at least one value`);
  const terms = values.map((v) => eq(field, v));
  return terms.length === 1 ? terms[0]! : `(${terms.join(' OR ')})`;
}

export function and(terms: ReadonlyArray<string | undefined>): string | undefined {
  const kept = terms.filter((t): t is string => t !== undefined && t !== '');
  return kept.length === 0 ? undefined : kept.join(' AND ');
}

const NAME_PATTERN = /^[A-Za-z0-9_#.@*%?\-/]{1,128}$/;

/**
 * A job-name pattern for `LIKE`: letters, digits and `_ - . # /` plus the wildcards `*` / `%` / `@`
 * (any run) and `?` (one character). Anything else is refused rather than guessed at.
 */
export function likePattern(pattern: string): string {
  const trimmed = pattern.trim();
  if (!NAME_PATTERN.test(trimmed)) {
    throw new BadUserInputError(
      `Invalid name pattern "${pattern.slice(0, 64)}": use letters, digits, _ - . # / and the wildcards * % @ ?`,
    );
  }
  // `*` is the wildcard people type; `%` is the one OQL examples use.
  return trimmed.replace(/\*/g, '%');
}

export function like(field: string, pattern: string): string {
  return `${field} LIKE ${quote(likePattern(pattern))}`;
}
