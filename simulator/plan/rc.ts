// Return-code expressions of job definitions and output conditions, e.g. `RC=0`, `RC<=4`, `RC!=8`.
// HWA accepts richer expressions (AND/OR, ranges); a single comparison is all the datasets need.

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
