// Return-code expressions of job definitions and output conditions, e.g. `RC=0`, `RC<=4`, `RC!=8`.
// HWA accepts richer expressions (AND/OR, ranges); a single comparison is all the datasets need.
import type { SimJobDefinition, SimRun } from './types.js';

const RC_RE = /^\s*RC\s*(=|==|!=|<>|<=|>=|<|>)\s*(-?\d+)\s*$/i;

export function rcMatches(expression: string, rc: number | undefined): boolean {
  if (rc === undefined) return false;
  const m = RC_RE.exec(expression);
  if (!m) return false;
  const value = Number(m[2]);
  switch (m[1]) {
    case '=':
    case '==':
      return rc === value;
    case '!=':
    case '<>':
      return rc !== value;
    case '<=':
      return rc <= value;
    case '>=':
      return rc >= value;
    case '<':
      return rc < value;
    default:
      return rc > value;
  }
}

/** Output conditions of a completed run, from the definition's expressions (or recorded values). */
export function outputConditionsFor(
  def: SimJobDefinition | undefined,
  rc: number | undefined,
  recorded?: Record<string, boolean>,
): SimRun['outputConditions'] {
  return Object.entries(def?.outputConditions ?? {}).map(([name, expression]) => ({
    name,
    expression,
    satisfied: recorded?.[name] ?? rcMatches(expression, rc),
  }));
}
