// Recursive-descent parser for the OQL subset. Precedence, lowest first: OR, AND, NOT, comparison;
// parentheses group. Grammar:
//   query      := [or] [ORDER BY order {',' order}] EOF
//   or         := and {OR and}
//   and        := unary {AND unary}
//   unary      := NOT unary | '(' or ')' | comparison
//   comparison := field ( ('='|'!='|'<'|'<='|'>'|'>=') (literal | list)
//                       | [NOT] LIKE string | [NOT] IN list )
//   list       := '[' literal {',' literal} ']' | '(' literal {',' literal} ')'
//   literal    := 'string' | number | TRUE | FALSE
import type { ComparisonOp, Expr, Literal, OrderItem, Query } from './ast.js';
import { OqlSyntaxError, tokenize, type Keyword, type Token } from './lexer.js';

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.i] as Token;
  }

  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.i++;
    return t;
  }

  private isKeyword(k: Keyword): boolean {
    const t = this.peek();
    return t.kind === 'keyword' && t.text === k;
  }

  private isPunct(p: string): boolean {
    const t = this.peek();
    return t.kind === 'punct' && t.text === p;
  }

  private fail(expected: string): never {
    const t = this.peek();
    const found = t.kind === 'eof' ? 'end of query' : `'${t.text}'`;
    throw new OqlSyntaxError(`expected ${expected} but found ${found} at position ${t.pos + 1}`, t.pos);
  }

  private expectKeyword(k: Keyword): void {
    if (!this.isKeyword(k)) this.fail(k);
    this.next();
  }

  parseQuery(): Query {
    let where: Expr | undefined;
    if (!this.isKeyword('ORDER') && this.peek().kind !== 'eof') where = this.parseOr();
    const orderBy: OrderItem[] = [];
    if (this.isKeyword('ORDER')) {
      this.next();
      this.expectKeyword('BY');
      do {
        const t = this.next();
        if (t.kind !== 'ident') {
          this.i--;
          this.fail('a field name after ORDER BY');
        }
        let direction: 'ASC' | 'DESC' = 'ASC';
        if (this.isKeyword('ASC') || this.isKeyword('DESC')) direction = this.next().text as 'ASC' | 'DESC';
        orderBy.push({ field: t.text, direction, pos: t.pos });
      } while (this.isPunct(',') && this.next());
    }
    if (this.peek().kind !== 'eof') this.fail(where ? 'AND, OR, ORDER BY or end of query' : 'a condition');
    return where ? { where, orderBy } : { orderBy };
  }

  private parseOr(): Expr {
    let left = this.parseAnd();
    while (this.isKeyword('OR')) {
      this.next();
      left = { kind: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): Expr {
    let left = this.parseUnary();
    while (this.isKeyword('AND')) {
      this.next();
      left = { kind: 'and', left, right: this.parseUnary() };
    }
    return left;
  }

  private parseUnary(): Expr {
    if (this.isKeyword('NOT')) {
      this.next();
      return { kind: 'not', expr: this.parseUnary() };
    }
    if (this.isPunct('(')) {
      this.next();
      const inner = this.parseOr();
      if (!this.isPunct(')')) this.fail("')'");
      this.next();
      return inner;
    }
    return this.parseComparison();
  }

  private parseComparison(): Expr {
    const field = this.next();
    if (field.kind !== 'ident') {
      this.i = Math.max(0, this.i - (field.kind === 'eof' ? 0 : 1));
      this.fail('a field name');
    }
    const opTok = this.peek();
    let op: ComparisonOp;
    if (opTok.kind === 'op') {
      this.next();
      op = opTok.text;
      if ((op === '=' || op === '!=') && (this.isPunct('[') || this.isPunct('('))) {
        return {
          kind: 'cmp',
          field: field.text,
          op: op === '=' ? 'IN' : 'NOT IN',
          value: this.parseList(),
          pos: field.pos,
        };
      }
      return { kind: 'cmp', field: field.text, op, value: this.parseLiteral(), pos: field.pos };
    }
    const negated = this.isKeyword('NOT');
    if (negated) this.next();
    if (this.isKeyword('LIKE')) {
      this.next();
      const pattern = this.next();
      if (pattern.kind !== 'string') {
        this.i--;
        this.fail('a quoted pattern after LIKE');
      }
      return {
        kind: 'cmp',
        field: field.text,
        op: negated ? 'NOT LIKE' : 'LIKE',
        value: { type: 'string', value: pattern.text },
        pos: field.pos,
      };
    }
    if (this.isKeyword('IN')) {
      this.next();
      return {
        kind: 'cmp',
        field: field.text,
        op: negated ? 'NOT IN' : 'IN',
        value: this.parseList(),
        pos: field.pos,
      };
    }
    return this.fail(negated ? 'LIKE or IN after NOT' : 'an operator (=, !=, <, <=, >, >=, LIKE, IN)');
  }

  private parseList(): Literal[] {
    const open = this.next();
    const close = open.text === '[' ? ']' : ')';
    const items: Literal[] = [this.parseLiteral()];
    while (this.isPunct(',')) {
      this.next();
      items.push(this.parseLiteral());
    }
    if (!this.isPunct(close)) this.fail(`',' or '${close}'`);
    this.next();
    return items;
  }

  private parseLiteral(): Literal {
    const t = this.next();
    if (t.kind === 'string') return { type: 'string', value: t.text };
    if (t.kind === 'number') return { type: 'number', value: t.value };
    if (t.kind === 'keyword' && (t.text === 'TRUE' || t.text === 'FALSE'))
      return { type: 'boolean', value: t.text === 'TRUE' };
    if (t.kind !== 'eof') this.i--;
    return this.fail('a quoted string, a number, TRUE or FALSE');
  }
}

/** Parses an OQL query; throws OqlSyntaxError with a 0-based position on bad input. */
export function parseOql(input: string): Query {
  return new Parser(tokenize(input)).parseQuery();
}
