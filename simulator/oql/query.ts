// Glue between the HTTP layer and OQL: parse the `oql` parameter (mapping syntax errors to the
// OQL_FILTER_SYNTAX_ERROR body) and run it over a candidate list.
import { SimError } from '../errors.js';
import type { Query } from './ast.js';
import { compileQuery, type FieldCatalogue } from './eval.js';
import { OqlSyntaxError } from './lexer.js';
import { parseOql } from './parser.js';

function asSimError(err: unknown): unknown {
  return err instanceof OqlSyntaxError
    ? new SimError('OQL_FILTER_SYNTAX_ERROR', `OQL_FILTER_SYNTAX_ERROR: ${err.message}`)
    : err;
}

export function parseOqlParam(oql: string | null | undefined): Query {
  if (oql === null || oql === undefined || oql.trim() === '') return { orderBy: [] };
  try {
    return parseOql(oql);
  } catch (err) {
    throw asSimError(err);
  }
}

/** Filters and sorts `items` (stable: ties keep the input order). */
export function runQuery<T>(items: Iterable<T>, catalogue: FieldCatalogue<T>, query: Query): T[] {
  let compiled;
  try {
    compiled = compileQuery(catalogue, query);
  } catch (err) {
    throw asSimError(err);
  }
  const out: T[] = [];
  for (const item of items) if (compiled.predicate(item)) out.push(item);
  if (compiled.compare) out.sort(compiled.compare);
  return out;
}
