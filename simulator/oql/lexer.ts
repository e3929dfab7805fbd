// Tokenizer for the OQL subset (NOTES §2.1): field paths, single-quoted strings ('' escapes a quote),
// integers and decimals, comparison operators, parentheses, [ ] lists, commas and keywords. Keywords
// are case-insensitive; field names and values are case-sensitive, as HCL documents.

export class OqlSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
    this.name = 'OqlSyntaxError';
  }
}

export const KEYWORDS = [
  'AND',
  'OR',
  'NOT',
  'LIKE',
  'IN',
  'ORDER',
  'BY',
  'ASC',
  'DESC',
  'TRUE',
  'FALSE',
] as const;
export type Keyword = (typeof KEYWORDS)[number];

export type Token =
  | { kind: 'ident'; text: string; pos: number }
  | { kind: 'string'; text: string; pos: number }
  | { kind: 'number'; text: string; value: number; pos: number }
  | { kind: 'op'; text: '=' | '!=' | '<' | '<=' | '>' | '>='; pos: number }
  | { kind: 'keyword'; text: Keyword; pos: number }
  | { kind: 'punct'; text: '(' | ')' | '[' | ']' | ','; pos: number }
  | { kind: 'eof'; text: ''; pos: number };

const KEYWORD_SET: ReadonlySet<string> = new Set(KEYWORDS);
const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_.]/;
const DIGIT = /[0-9]/;

export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i] as string;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const pos = i;
    if (c === '(' || c === ')' || c === '[' || c === ']' || c === ',') {
      tokens.push({ kind: 'punct', text: c, pos });
      i++;
    } else if (c === "'") {
      let text = '';
      i++;
      for (;;) {
        if (i >= input.length)
          throw new OqlSyntaxError(`unterminated string starting at position ${pos + 1}`, pos);
        const d = input[i] as string;
        if (d === "'") {
          if (input[i + 1] === "'") {
            text += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        text += d;
        i++;
      }
      tokens.push({ kind: 'string', text, pos });
    } else if (c === '=') {
      tokens.push({ kind: 'op', text: '=', pos });
      i++;
    } else if (c === '!' || c === '<' || c === '>') {
      const two = input.slice(i, i + 2);
      if (two === '!=' || two === '<>') tokens.push({ kind: 'op', text: '!=', pos });
      else if (two === '<=' || two === '>=') tokens.push({ kind: 'op', text: two, pos });
      else if (c === '!') throw new OqlSyntaxError(`unexpected character '!' at position ${pos + 1}`, pos);
      else tokens.push({ kind: 'op', text: c as '<' | '>', pos });
      i += tokens[tokens.length - 1]?.text.length ?? 1;
    } else if (DIGIT.test(c) || (c === '-' && DIGIT.test(input[i + 1] ?? ''))) {
      let j = i + 1;
      while (j < input.length && DIGIT.test(input[j] as string)) j++;
      if (input[j] === '.' && DIGIT.test(input[j + 1] ?? '')) {
        j++;
        while (j < input.length && DIGIT.test(input[j] as string)) j++;
      }
      const text = input.slice(i, j);
      tokens.push({ kind: 'number', text, value: Number(text), pos });
      i = j;
    } else if (IDENT_START.test(c)) {
      let j = i + 1;
      while (j < input.length && IDENT_PART.test(input[j] as string)) j++;
      const text = input.slice(i, j);
      const upper = text.toUpperCase();
      if (KEYWORD_SET.has(upper)) tokens.push({ kind: 'keyword', text: upper as Keyword, pos });
      else tokens.push({ kind: 'ident', text, pos });
      i = j;
    } else {
      throw new OqlSyntaxError(`unexpected character '${c}' at position ${pos + 1}`, pos);
    }
  }
  tokens.push({ kind: 'eof', text: '', pos: input.length });
  return tokens;
}
