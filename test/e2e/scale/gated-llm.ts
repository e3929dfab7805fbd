// An OpenAI-protocol chat-completions server whose streamed answer stops halfway until the test
// opens a gate: the scale test restarts another agents replica while a chat is provably mid-stream,
// with no timing involved. (test/harness/fake-llm.ts plays fixed scripts; this one waits.)
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GatedLlm {
  /** OPENAI_BASE_URL (ends in /v1). */
  url: string;
  /** Resolves when a streamed answer has sent its first half and waits at the gate. */
  waitingAtGate(): Promise<void>;
  /** Lets every waiting (and later) answer finish. */
  open(): void;
  stop(): Promise<void>;
}

/** Every answer is `before` then `after`, each word a delta; only the first waits at the gate. */
export async function startGatedLlm(before: string[], after: string[]): Promise<GatedLlm> {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  let reached!: () => void;
  const atGate = new Promise<void>((resolve) => (reached = resolve));
  let answers = 0;

  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found"}}');
        return;
      }
      void answer(res, (answers += 1) === 1);
    });
  });

  async function answer(res: ServerResponse, gated: boolean): Promise<void> {
    const send = (delta: Record<string, unknown>, finish: string | null = null) =>
      res.write(
        `data: ${JSON.stringify({ id: 'chatcmpl-gated', object: 'chat.completion.chunk', created: 0, model: 'gated', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`,
      );
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    send({ role: 'assistant', content: '' });
    for (const piece of before) send({ content: piece });
    if (gated) {
      reached();
      await gate;
    }
    if (res.destroyed) return;
    for (const piece of after) send({ content: piece });
    send({}, 'stop');
    const completion = before.length + after.length;
    res.write(
      `data: ${JSON.stringify({ id: 'chatcmpl-gated', object: 'chat.completion.chunk', created: 0, model: 'gated', choices: [], usage: { prompt_tokens: 30, completion_tokens: completion, total_tokens: 30 + completion } })}\n\n`,
    );
    res.end('data: [DONE]\n\n');
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    waitingAtGate: () => atGate,
    open,
    stop: () =>
      new Promise<void>((resolve) => {
        open();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
