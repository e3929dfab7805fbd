// Runs in a worker thread (see parse.ts): extracts the text and title of one PDF with pdf-parse.
// A thread of its own means a hostile or huge PDF can be stopped for real at the deadline and is
// capped in memory, and pdf.js loads its own worker module natively whatever runs the parent
// (tsx, node, or jest's module sandbox). Plain JavaScript so it runs without a TypeScript loader.
//
// Pages are read one at a time and the text is measured as it grows: a small file can hold
// thousands of pages sharing one compressed stream, and reading on past `maxChars` would only
// cost memory and time for a document that is refused anyway.
import { parentPort, workerData } from 'node:worker_threads';
import { PDFParse } from 'pdf-parse';

const { bytes, maxChars } = workerData;
const parser = new PDFParse({ data: bytes, verbosity: 0 });
try {
  // One call at a time: concurrent calls on one parser load the document twice and race.
  const first = await parser.getText({ first: 1, pageJoiner: '' });
  let text = first.text;
  for (let page = 2; page <= first.total && text.length <= maxChars; page++) {
    text += (await parser.getText({ partial: [page], pageJoiner: '' })).text;
  }
  if (text.length > maxChars) {
    parentPort.postMessage({ ok: false, tooLong: true });
  } else {
    const info = await parser.getInfo().catch(() => undefined);
    const title = typeof info?.info?.Title === 'string' ? info.info.Title.trim() : '';
    parentPort.postMessage({ ok: true, text, title });
  }
} catch (error) {
  parentPort.postMessage({ ok: false, error: error instanceof Error ? error.message : String(error) });
} finally {
  await parser.destroy().catch(() => undefined);
}
