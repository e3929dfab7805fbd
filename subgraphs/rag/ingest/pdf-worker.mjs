// Runs in a worker thread (see parse.ts): extracts the text and title of one PDF with pdf-parse.
// A thread of its own means a hostile or huge PDF can be stopped for real at the deadline and is
// capped in memory, and pdf.js loads its own worker module natively whatever runs the parent
// (tsx, node, or jest's module sandbox). Plain JavaScript so it runs without a TypeScript loader.
import { parentPort, workerData } from 'node:worker_threads';
import { PDFParse } from 'pdf-parse';

const parser = new PDFParse({ data: workerData.bytes, verbosity: 0 });
try {
  // One after the other: concurrent calls on one parser load the document twice and race.
  const text = await parser.getText({ pageJoiner: '' });
  const info = await parser.getInfo().catch(() => undefined);
  const title = typeof info?.info?.Title === 'string' ? info.info.Title.trim() : '';
  parentPort.postMessage({ ok: true, text: text.text, title });
} catch (error) {
  parentPort.postMessage({ ok: false, error: error instanceof Error ? error.message : String(error) });
} finally {
  await parser.destroy().catch(() => undefined);
}
