import { convert, type DomNode, type FormatCallback } from 'html-to-text';

/** Text of a node and its descendants, whitespace as written (for <pre>). */
function textContent(node: DomNode): string {
  if (node.type === 'text') return node.data ?? '';
  return (node.children ?? []).map(textContent).join('');
}

const heading =
  (level: number): FormatCallback =>
  (elem, walk, builder) => {
    builder.openBlock({ leadingLineBreaks: 2 });
    builder.addLiteral(`${'#'.repeat(level)} `);
    walk(elem.children, builder);
    builder.closeBlock({ trailingLineBreaks: 2 });
  };

/** <pre> as a fenced block, so the chunker keeps it whole like a Markdown code block. */
const fencedPre: FormatCallback = (elem, _walk, builder) => {
  builder.openBlock({ leadingLineBreaks: 2 });
  builder.addLiteral('```\n' + textContent(elem).replace(/\n+$/, '') + '\n```');
  builder.closeBlock({ trailingLineBreaks: 2 });
};

/** A table as a Markdown pipe table, so it stays one unit and keeps its header. */
const pipeTable: FormatCallback = (elem, _walk, builder) => {
  const rows: string[][] = [];
  const visit = (node: DomNode) => {
    if (node.name === 'tr') {
      rows.push(
        (node.children ?? [])
          .filter((c) => c.name === 'td' || c.name === 'th')
          .map((c) => textContent(c).replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim()),
      );
      return;
    }
    for (const child of node.children ?? []) visit(child);
  };
  visit(elem);
  if (rows.length === 0) return;
  const width = Math.max(...rows.map((r) => r.length));
  const line = (cells: string[]) =>
    `| ${Array.from({ length: width }, (_, i) => cells[i] ?? '').join(' | ')} |`;
  const [head, ...body] = rows;
  builder.openBlock({ leadingLineBreaks: 2 });
  builder.addLiteral([line(head!), `|${' --- |'.repeat(width)}`, ...body.map(line)].join('\n'));
  builder.closeBlock({ trailingLineBreaks: 2 });
};

/**
 * HTML to Markdown-like text through html-to-text: headings keep their level (`#`), <pre>
 * becomes a fenced block and tables become pipe tables, so one chunker serves every format.
 * Scripts, styles and images are dropped; links keep their text only.
 */
export function htmlToMarkdown(html: string): { markdown: string; title: string | undefined } {
  const markdown = convert(html, {
    wordwrap: false,
    formatters: { h1: heading(1), h2: heading(2), h3: heading(3), h4: heading(4), fencedPre, pipeTable },
    selectors: [
      { selector: 'h1', format: 'h1' },
      { selector: 'h2', format: 'h2' },
      { selector: 'h3', format: 'h3' },
      { selector: 'h4', format: 'h4' },
      { selector: 'pre', format: 'fencedPre' },
      { selector: 'table', format: 'pipeTable' },
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
      { selector: 'title', format: 'skip' },
    ],
  });
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1];
  const cleanTitle = title === undefined ? undefined : convert(title, { wordwrap: false }).trim();
  return { markdown, title: cleanTitle === '' ? undefined : cleanTitle };
}
