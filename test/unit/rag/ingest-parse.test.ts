import { chunkMarkdown } from '../../../subgraphs/rag/ingest/chunk.js';
import { validateUpload } from '../../../subgraphs/rag/ingest/input.js';
import { parseDocument, parseMarkdown } from '../../../subgraphs/rag/ingest/parse.js';
import { makePdf } from './pdf-fixture.js';

const LIMIT = { maxBytes: 10_000 };
const TEXT = { maxChars: 100_000 };
const errorOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error as Error & { extensions: Record<string, unknown> };
  }
  throw new Error('expected an error');
};

describe('validateUpload', () => {
  it('accepts text with a type from the extension or the declared MIME type', () => {
    expect(validateUpload({ filename: 'runbook.md', text: '# Hi' }, LIMIT)).toMatchObject({
      format: 'markdown',
      mimeType: 'text/markdown',
    });
    expect(
      validateUpload({ filename: 'notes', mimeType: 'text/html; charset=utf-8', text: '<p>x</p>' }, LIMIT),
    ).toMatchObject({ format: 'html' });
    expect(
      validateUpload({ filename: 'a.pdf', base64: makePdf(['x']).toString('base64') }, LIMIT),
    ).toMatchObject({ format: 'pdf' });
  });

  it('refuses an oversized document with BAD_USER_INPUT naming the limit, before decoding base64', () => {
    const text = errorOf(() => validateUpload({ filename: 'big.md', text: 'x'.repeat(10_001) }, LIMIT));
    expect(text.extensions['code']).toBe('BAD_USER_INPUT');
    expect(text.message).toBe(
      'The document is 10001 bytes; the limit is 10000 bytes (RAG_MAX_DOCUMENT_BYTES)',
    );
    // Multi-byte characters count as bytes.
    expect(
      errorOf(() => validateUpload({ filename: 'big.md', text: 'é'.repeat(6000) }, LIMIT)).message,
    ).toContain('12000 bytes');
    const b64 = errorOf(() => validateUpload({ filename: 'big.pdf', base64: 'A'.repeat(16_000) }, LIMIT));
    expect(b64.message).toContain('12000 bytes');
  });

  it('refuses unsupported types with a message listing the supported ones', () => {
    const byName = errorOf(() => validateUpload({ filename: 'report.docx', base64: 'AAAA' }, LIMIT));
    expect(byName.extensions['code']).toBe('BAD_USER_INPUT');
    expect(byName.message).toMatch(/Unsupported file type for report\.docx.*Markdown.*PDF/);
    const byMime = errorOf(() =>
      validateUpload({ filename: 'x.md', mimeType: 'application/zip', text: 'x' }, LIMIT),
    );
    expect(byMime.message).toContain('Unsupported file type application/zip');
  });

  it('wants exactly one content field, valid base64, a real PDF, UTF-8 text and a safe file name', () => {
    expect(errorOf(() => validateUpload({ filename: 'a.md' }, LIMIT)).message).toContain('exactly one');
    expect(
      errorOf(() => validateUpload({ filename: 'a.md', text: 'x', base64: 'eA==' }, LIMIT)).message,
    ).toContain('exactly one');
    expect(
      errorOf(() => validateUpload({ filename: 'a.md', base64: 'not base64!' }, LIMIT)).message,
    ).toContain('not valid base64');
    expect(
      errorOf(() =>
        validateUpload({ filename: 'a.pdf', base64: Buffer.from('hello').toString('base64') }, LIMIT),
      ).message,
    ).toContain('not a PDF');
    expect(
      errorOf(() =>
        validateUpload({ filename: 'a.txt', base64: Buffer.from([0x41, 0, 0x42]).toString('base64') }, LIMIT),
      ).message,
    ).toContain('binary');
    expect(
      errorOf(() =>
        validateUpload({ filename: 'a.txt', base64: Buffer.from([0xc3, 0x28]).toString('base64') }, LIMIT),
      ).message,
    ).toContain('UTF-8');
    expect(
      errorOf(() => validateUpload({ filename: '../etc/passwd.md', text: 'x' }, LIMIT)).message,
    ).toContain('filename');
    expect(errorOf(() => validateUpload({ filename: 'a.md', text: '' }, LIMIT)).message).toBe(
      'The document is empty',
    );
  });

  it('normalises tags and refuses odd ones', () => {
    expect(
      validateUpload({ filename: 'a.md', text: 'x', tags: ['ETL', 'etl', ' oracle '] }, LIMIT).tags,
    ).toEqual(['etl', 'oracle']);
    expect(
      errorOf(() => validateUpload({ filename: 'a.md', text: 'x', tags: ['no spaces please'] }, LIMIT))
        .message,
    ).toContain('Invalid tag');
  });
});

describe('parseDocument', () => {
  it('reads Markdown front matter (title, tags) and falls back to the first heading', () => {
    expect(parseMarkdown('---\ntitle: "A: B"\ntags: [x, y]\n---\n# Heading\ntext')).toEqual({
      markdown: '# Heading\ntext',
      title: 'A: B',
      tags: ['x', 'y'],
    });
    expect(parseMarkdown('intro\n\n# The title\n\nbody').title).toBe('The title');
  });

  it('turns HTML into Markdown-like text: headings, fenced <pre>, pipe tables, no scripts', async () => {
    const html = `<html><head><title>FTA &amp; links</title><script>alert(1)</script></head><body>
      <h1>Unlinked FTA</h1><p>Run this:</p><pre>conman "link FTA_AIX01"\nconman "sc FTA_AIX01"</pre>
      <h2>Escalation</h2><table><tr><th>Who</th><th>When</th></tr><tr><td>Network</td><td>at once</td></tr></table></body></html>`;
    const parsed = await parseDocument(validateUpload({ filename: 'fta.html', text: html }, LIMIT), TEXT);
    expect(parsed.title).toBe('FTA & links');
    expect(parsed.markdown).toContain('# Unlinked FTA');
    expect(parsed.markdown).toContain('```\nconman "link FTA_AIX01"\nconman "sc FTA_AIX01"\n```');
    expect(parsed.markdown).toContain('| Who | When |\n| --- | --- |\n| Network | at once |');
    expect(parsed.markdown).not.toContain('alert(1)');
  });

  it('extracts the text and title of a PDF with pdf-parse', async () => {
    const pdf = makePdf(['Runbook for LOAD_DW_SALES', 'ORA-01653 means the tablespace is full'], {
      title: 'PDF runbook',
    });
    const parsed = await parseDocument(
      validateUpload({ filename: 'r.pdf', base64: pdf.toString('base64') }, LIMIT),
      TEXT,
    );
    expect(parsed.title).toBe('PDF runbook');
    expect(parsed.markdown).toContain('Runbook for LOAD_DW_SALES');
    expect(parsed.markdown).toContain('ORA-01653 means the tablespace is full');
  });

  it('answers BAD_USER_INPUT for a PDF that cannot be read', async () => {
    const broken = Buffer.from('%PDF-1.4\nthis is not really a pdf');
    const error = await parseDocument(
      validateUpload({ filename: 'r.pdf', base64: broken.toString('base64') }, LIMIT),
      TEXT,
    ).catch((e: unknown) => e);
    expect((error as { extensions: Record<string, unknown> }).extensions['code']).toBe('BAD_USER_INPUT');
    expect((error as Error).message).toContain('The PDF could not be read');
  });
});

describe('chunkMarkdown', () => {
  it('starts a passage at each heading and records the heading path', () => {
    const chunks = chunkMarkdown('# Runbook\n\nIntro.\n\n## Fix\n\nDo this.\n\n### Detail\n\nMore.');
    expect(chunks).toEqual([
      { text: 'Intro.', section: 'Runbook' },
      { text: 'Do this.', section: 'Runbook > Fix' },
      { text: 'More.', section: 'Runbook > Fix > Detail' },
    ]);
  });

  it('keeps a code block and a table whole even when they exceed the target size', () => {
    const code =
      '```sh\n' +
      Array.from({ length: 12 }, (_, i) => `conman "rr ETL_SALES.LOAD_DW_SALES_${i}"`).join('\n') +
      '\n```';
    const table =
      '| a | b |\n| --- | --- |\n' +
      Array.from({ length: 8 }, (_, i) => `| row ${i} | AGT_LNX0${i} |`).join('\n');
    const chunks = chunkMarkdown(`# T\n\nSome prose.\n\n${code}\n\n${table}`, {
      targetChars: 200,
      maxChars: 600,
    });
    expect(chunks.some((c) => c.text.includes(code))).toBe(true);
    expect(chunks.some((c) => c.text.includes(table))).toBe(true);
  });

  it('splits an oversized code block by lines, fencing each part, and a table repeating its header', () => {
    const lines = Array.from({ length: 40 }, (_, i) => `echo step ${i} on AGT_WIN01`);
    const chunks = chunkMarkdown('```sh\n' + lines.join('\n') + '\n```', { targetChars: 200, maxChars: 300 });
    expect(chunks.length).toBeGreaterThan(2);
    for (const c of chunks) expect(c.text).toMatch(/^```sh\n[\s\S]*\n```$/);
    expect(chunks.flatMap((c) => c.text.split('\n').filter((l) => l.startsWith('echo')))).toEqual(lines);

    const rows = Array.from({ length: 30 }, (_, i) => `| JOB_${i} | HOLD |`);
    const tableChunks = chunkMarkdown(`| job | status |\n| --- | --- |\n${rows.join('\n')}`, {
      targetChars: 150,
      maxChars: 200,
    });
    expect(tableChunks.length).toBeGreaterThan(2);
    for (const c of tableChunks) expect(c.text.startsWith('| job | status |\n| --- | --- |\n')).toBe(true);
  });

  it('splits long prose between sentences and never inside an identifier', () => {
    const sentence = 'Rerun AGT_LNX02#ETL_SALES.LOAD_DW_SALES after the DBA adds space to DW_DATA. ';
    const chunks = chunkMarkdown(sentence.repeat(30), { targetChars: 300 });
    expect(chunks.length).toBeGreaterThan(5);
    for (const c of chunks) {
      expect(c.text.length).toBeLessThanOrEqual(300);
      expect(c.text.match(/AGT_LNX02#ETL_SALES\.LOAD_DW_SALES/g)?.length).toBe(
        c.text.split('Rerun').length - 1,
      );
    }
  });
});
