// Compiles a parsed OQL query against a field catalogue into a predicate and a comparator. Fields are
// resolved and values checked once, at compile time, so evaluation is a single O(n) pass; LIKE patterns
// become one anchored RegExp. Wildcards in LIKE [INFERRED]: `%`, `*` and `@` match any run of
// characters, `?` exactly one; `_` is literal because HWA object names are full of underscores.
import type { ComparisonOp, Expr, Literal, Query } from './ast.js';
import { OqlSyntaxError } from './lexer.js';

export type FieldType = 'string' | 'enum' | 'number' | 'instant' | 'boolean';
type Scalar = string | number | boolean;

export interface FieldDef<T> {
  type: FieldType;
  /** One value, several (any must match) or undefined when the object has none. */
  get: (item: T) => Scalar | readonly Scalar[] | undefined;
  values?: readonly string[];
  description: string;
}

export type FieldCatalogue<T> = Readonly<Record<string, FieldDef<T>>>;

export interface CompiledQuery<T> {
  predicate: (item: T) => boolean;
  compare?: (a: T, b: T) => number;
}

function lookup<T>(catalogue: FieldCatalogue<T>, field: string, pos: number): FieldDef<T> {
  const def = Object.prototype.hasOwnProperty.call(catalogue, field) ? catalogue[field] : undefined;
  if (!def)
    throw new OqlSyntaxError(
      `unknown field '${field}' at position ${pos + 1}; accepted fields: ${Object.keys(catalogue).join(', ')}`,
      pos,
    );
  return def;
}

export function likeToRegExp(pattern: string): RegExp {
  let source = '';
  for (const ch of pattern) {
    if (ch === '%' || ch === '*' || ch === '@') source += '.*';
    else if (ch === '?') source += '.';
    else source += ch.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 's');
}

function coerce<T>(def: FieldDef<T>, field: string, lit: Literal, pos: number): Scalar {
  const bad = (why: string): never => {
    throw new OqlSyntaxError(`${why} for field '${field}' at position ${pos + 1}`, pos);
  };
  switch (def.type) {
    case 'string':
      return lit.type === 'string' ? lit.value : bad(`expected a quoted string`);
    case 'enum':
      if (lit.type !== 'string') return bad('expected a quoted value');
      if (def.values && !def.values.includes(lit.value))
        return bad(`'${lit.value}' is not a valid value (one of ${def.values.join(', ')})`);
      return lit.value;
    case 'number':
      if (lit.type === 'number') return lit.value;
      if (lit.type === 'string' && lit.value.trim() !== '' && Number.isFinite(Number(lit.value)))
        return Number(lit.value);
      return bad('expected a number');
    case 'instant': {
      const ms = lit.type === 'string' ? Date.parse(lit.value) : NaN;
      return Number.isNaN(ms) ? bad('expected an instant such as 2026-03-09T10:00:00.000Z') : ms;
    }
    case 'boolean':
      if (lit.type === 'boolean') return lit.value;
      if (lit.type === 'string' && (lit.value === 'true' || lit.value === 'false'))
        return lit.value === 'true';
      return bad('expected TRUE or FALSE');
  }
}

function valuesOf<T>(def: FieldDef<T>, item: T): readonly Scalar[] {
  const v = def.get(item);
  if (v === undefined) return [];
  const list = Array.isArray(v) ? (v as readonly Scalar[]) : [v as Scalar];
  return def.type === 'instant' ? list.map((x) => (typeof x === 'string' ? Date.parse(x) : x)) : list;
}

function compileCmp<T>(
  catalogue: FieldCatalogue<T>,
  expr: Extract<Expr, { kind: 'cmp' }>,
): (item: T) => boolean {
  const def = lookup(catalogue, expr.field, expr.pos);
  const op: ComparisonOp = expr.op;
  if (op === 'LIKE' || op === 'NOT LIKE') {
    if (def.type !== 'string' && def.type !== 'enum')
      throw new OqlSyntaxError(`LIKE needs a text field, '${expr.field}' is a ${def.type}`, expr.pos);
    const re = likeToRegExp((expr.value as Literal).value as string);
    const hit = (item: T): boolean => valuesOf(def, item).some((v) => re.test(String(v)));
    return op === 'LIKE' ? hit : (item) => !hit(item);
  }
  if (op === 'IN' || op === 'NOT IN') {
    const set = new Set((expr.value as Literal[]).map((l) => coerce(def, expr.field, l, expr.pos)));
    const hit = (item: T): boolean => valuesOf(def, item).some((v) => set.has(v));
    return op === 'IN' ? hit : (item) => !hit(item);
  }
  const target = coerce(def, expr.field, expr.value as Literal, expr.pos);
  if (op === '=') return (item) => valuesOf(def, item).some((v) => v === target);
  if (op === '!=') return (item) => !valuesOf(def, item).some((v) => v === target);
  if (def.type === 'boolean' || def.type === 'enum')
    throw new OqlSyntaxError(`operator ${op} cannot be used on field '${expr.field}'`, expr.pos);
  const test = {
    '<': (a: Scalar) => a < target,
    '<=': (a: Scalar) => a <= target,
    '>': (a: Scalar) => a > target,
    '>=': (a: Scalar) => a >= target,
  }[op];
  return (item) => valuesOf(def, item).some(test);
}

function compileExpr<T>(catalogue: FieldCatalogue<T>, expr: Expr): (item: T) => boolean {
  switch (expr.kind) {
    case 'and': {
      const l = compileExpr(catalogue, expr.left);
      const r = compileExpr(catalogue, expr.right);
      return (item) => l(item) && r(item);
    }
    case 'or': {
      const l = compileExpr(catalogue, expr.left);
      const r = compileExpr(catalogue, expr.right);
      return (item) => l(item) || r(item);
    }
    case 'not': {
      const inner = compileExpr(catalogue, expr.expr);
      return (item) => !inner(item);
    }
    case 'cmp':
      return compileCmp(catalogue, expr);
  }
}

function sortKey(v: readonly Scalar[]): Scalar | undefined {
  return v[0];
}

export function compileQuery<T>(catalogue: FieldCatalogue<T>, query: Query): CompiledQuery<T> {
  const predicate = query.where ? compileExpr(catalogue, query.where) : () => true;
  if (query.orderBy.length === 0) return { predicate };
  const keys = query.orderBy.map((o) => ({
    def: lookup(catalogue, o.field, o.pos),
    sign: o.direction === 'DESC' ? -1 : 1,
  }));
  const compare = (a: T, b: T): number => {
    for (const { def, sign } of keys) {
      const x = sortKey(valuesOf(def, a));
      const y = sortKey(valuesOf(def, b));
      if (x === y) continue;
      if (x === undefined) return 1; // missing values last, whatever the direction
      if (y === undefined) return -1;
      return (x < y ? -1 : 1) * sign;
    }
    return 0;
  };
  return { predicate, compare };
}

/**
 * Values of `field` that every match must have, when the query is a conjunction containing
 * `field = v` or `field IN [...]`: lets callers start from an index instead of a full scan.
 */
export function requiredValues(expr: Expr | undefined, field: string): string[] | undefined {
  if (!expr) return undefined;
  if (expr.kind === 'and') return requiredValues(expr.left, field) ?? requiredValues(expr.right, field);
  if (expr.kind !== 'cmp' || expr.field !== field) return undefined;
  if (expr.op === '=' && !Array.isArray(expr.value) && expr.value.type === 'string')
    return [expr.value.value];
  if (expr.op === 'IN')
    return (expr.value as Literal[]).filter((l) => l.type === 'string').map((l) => String(l.value));
  return undefined;
}
