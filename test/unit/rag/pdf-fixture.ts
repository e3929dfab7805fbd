/**
 * A minimal but valid PDF (Helvetica text lines, xref table, trailer with /Info), built byte by
 * byte so tests need no binary fixture files. `pages` > 1 makes every page show the same content
 * stream: a tiny file whose text is `pages` times as long (how a 300 KB PDF holds 12 M chars).
 */
export function makePdf(
  lines: readonly string[],
  { title, pages = 1 }: { title?: string; pages?: number } = {},
): Buffer {
  const PAGE =
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>';
  const esc = (s: string) => s.replace(/[\\()]/g, (c) => `\\${c}`);
  const content = [
    'BT',
    '/F1 12 Tf',
    '72 720 Td',
    '14 TL',
    ...lines.map((l) => `(${esc(l)}) Tj T*`),
    'ET',
  ].join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    // Page 1 is object 3; pages 2.. are objects 7.. (after the fixed ones).
    `<< /Type /Pages /Kids [${['3 0 R', ...Array.from({ length: pages - 1 }, (_, i) => `${i + 7} 0 R`)].join(' ')}] /Count ${pages} >>`,
    PAGE,
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Title (${esc(title ?? '')}) >>`,
    ...Array.from({ length: pages - 1 }, () => PAGE),
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
