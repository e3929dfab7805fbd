// A local server speaking the OpenAI chat-completions wire protocol (POST /v1/chat/completions,
// JSON or SSE `data:` chunks ending with `data: [DONE]`), so tests drive the real provider code
// (the openai SDK, our breakers and fallthrough) instead of a mock. It plays scripted replies —
// text, tool calls, HTTP errors, slow, stalled, hung and dropped streams — and records every
// request, including whether the client closed it before the reply ended (an abort).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeReply =
  /** Streamed text in these chunks (or one chunk); usage null = send no usage chunk. */
  | {
      kind: 'text';
      chunks: string[];
      chunkDelayMs?: number;
      usage?: { prompt: number; completion: number } | null;
    }
  /** Tool calls, streamed in fragments like real providers do; optional text before them. */
  | { kind: 'tool_calls'; calls: Array<{ name: string; arguments: unknown }>; text?: string }
  /** An HTTP error with an OpenAI-style body. */
  | { kind: 'error'; status: number; message?: string }
  /** Headers and these chunks, then silence until the client gives up. */
  | { kind: 'stall'; chunks?: string[] }
  /** No response at all (not even headers) until the client gives up. */
  | { kind: 'hang' }
  /** These chunks, then the socket is destroyed mid-stream. */
  | { kind: 'drop'; chunks?: string[] };

export interface RecordedRequest {
  /** The parsed JSON body (model, messages, tools, stream, ...). */
  body: Record<string, unknown>;
  authorization: string | undefined;
  /** The client closed the connection before the reply ended. */
  aborted: boolean;
  /** The reply was fully sent. */
  completed: boolean;
  /** Resolves when the exchange ends either way. */
  settled: Promise<void>;
}

export interface FakeLlm {
  /** Base URL to configure as NVIDIA_BASE_URL / OPENAI_BASE_URL (ends in /v1). */
  url: string;
  /** Chat-completion requests, in arrival order. */
  readonly requests: RecordedRequest[];
  /** Embedding requests answered (other services of a stack embed through the same provider). */
  readonly embeddingRequests: number;
  /** Queues replies, used one per request in order; when empty, `fallback` answers. */
  enqueue(...replies: FakeReply[]): void;
  /** The reply for requests with no queued reply. @default a short text answer */
  setFallback(responder: (body: Record<string, unknown>) => FakeReply): void;
  /** Resolves with the first request the client aborted (waits up to `timeoutMs`). */
  waitForAbort(timeoutMs?: number): Promise<RecordedRequest>;
  /** Resolves once `count` requests have arrived. */
  waitForRequests(count: number, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

const chunk = (model: string, delta: Record<string, unknown>, finish: string | null = null) => ({
  id: 'chatcmpl-fake',
  object: 'chat.completion.chunk',
  created: Math.floor(Date.now() / 1000),
  model,
  choices: [{ index: 0, delta, finish_reason: finish }],
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * POST /v1/embeddings: deterministic 64-dimension vectors (hashed words), float or base64 as
 * asked, so a whole stack pointed at this server embeds without errors.
 */
function embed(body: Record<string, unknown>, res: ServerResponse): void {
  const input = body['input'];
  const texts = Array.isArray(input) ? input.map(String) : [String(input ?? '')];
  const vectors = texts.map((text) => {
    const v = new Float32Array(64);
    for (const word of text.toLowerCase().split(/\W+/).filter(Boolean)) {
      let h = 2166136261;
      for (const c of word) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
      v[Math.abs(h) % 64]! += 1;
    }
    const norm = Math.hypot(...v) || 1;
    return v.map((x) => x / norm);
  });
  const base64 = body['encoding_format'] === 'base64';
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({
      object: 'list',
      model: String(body['model'] ?? 'fake-embedding'),
      data: vectors.map((v, index) => ({
        object: 'embedding',
        index,
        embedding: base64 ? Buffer.from(v.buffer).toString('base64') : [...v],
      })),
      usage: { prompt_tokens: texts.join(' ').length, total_tokens: texts.join(' ').length },
    }),
  );
}

export async function startFakeLlm(): Promise<FakeLlm> {
  const requests: RecordedRequest[] = [];
  let embeddingRequests = 0;
  const queue: FakeReply[] = [];
  let fallback: (body: Record<string, unknown>) => FakeReply = () => ({
    kind: 'text',
    chunks: ['Hello ', 'from ', 'the fake LLM.'],
  });
  const waiters = new Set<() => void>();
  const notify = () => {
    for (const w of waiters) w();
  };

  const server: Server = createServer((req, res) => {
    void handle(req, res);
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let raw = '';
    for await (const part of req) raw += String(part);
    let settle!: () => void;
    const record: RecordedRequest = {
      body: {},
      authorization: req.headers.authorization,
      aborted: false,
      completed: false,
      settled: new Promise<void>((resolve) => (settle = resolve)),
    };
    res.on('close', () => {
      if (!res.writableFinished) record.aborted = true;
      settle();
      notify();
    });
    try {
      record.body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      res
        .writeHead(400, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: { message: 'bad json' } }));
      return;
    }
    if (req.url?.endsWith('/embeddings')) {
      embeddingRequests += 1;
      embed(record.body, res);
      return;
    }
    if (!req.url?.endsWith('/chat/completions')) {
      res
        .writeHead(404, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: { message: 'not found' } }));
      return;
    }
    requests.push(record);
    notify();
    const reply = queue.shift() ?? fallback(record.body);
    const model = String(record.body['model'] ?? 'fake');
    await play(reply, record.body['stream'] === true, model, res, record);
  }

  async function play(
    reply: FakeReply,
    stream: boolean,
    model: string,
    res: ServerResponse,
    record: RecordedRequest,
  ) {
    const alive = () => !record.aborted && !res.destroyed;
    if (reply.kind === 'hang') return; // the client's timeout or abort ends it
    if (reply.kind === 'error') {
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          error: { message: reply.message ?? `fake error ${reply.status}`, type: 'fake_error' },
        }),
      );
      record.completed = true;
      return;
    }
    if (!stream) {
      const text = reply.kind === 'text' ? reply.chunks.join('') : '';
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id: 'chatcmpl-fake',
          object: 'chat.completion',
          created: Math.floor(Date.now() / 1000),
          model,
          choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
          usage: {
            prompt_tokens: 11,
            completion_tokens: Math.ceil(text.length / 4),
            total_tokens: 11 + Math.ceil(text.length / 4),
          },
        }),
      );
      record.completed = true;
      return;
    }
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    const send = (payload: unknown) => {
      if (alive()) res.write(`data: ${JSON.stringify(payload)}\n\n`);
    };
    switch (reply.kind) {
      case 'text': {
        send(chunk(model, { role: 'assistant', content: '' }));
        for (const piece of reply.chunks) {
          if (reply.chunkDelayMs) await sleep(reply.chunkDelayMs);
          if (!alive()) return;
          send(chunk(model, { content: piece }));
        }
        send(chunk(model, {}, 'stop'));
        const text = reply.chunks.join('');
        if (reply.usage !== null) {
          const usage = reply.usage ?? { prompt: 42, completion: Math.ceil(text.length / 4) };
          send({
            ...chunk(model, {}),
            choices: [],
            usage: {
              prompt_tokens: usage.prompt,
              completion_tokens: usage.completion,
              total_tokens: usage.prompt + usage.completion,
            },
          });
        }
        break;
      }
      case 'tool_calls': {
        send(chunk(model, { role: 'assistant', content: reply.text ?? null }));
        reply.calls.forEach((call, index) => {
          const args = JSON.stringify(call.arguments);
          const half = Math.ceil(args.length / 2);
          // Name and id first, then the arguments in two fragments, as providers stream them.
          send(
            chunk(model, {
              tool_calls: [
                {
                  index,
                  id: `call_${index}_${call.name}`,
                  type: 'function',
                  function: { name: call.name, arguments: '' },
                },
              ],
            }),
          );
          send(chunk(model, { tool_calls: [{ index, function: { arguments: args.slice(0, half) } }] }));
          send(chunk(model, { tool_calls: [{ index, function: { arguments: args.slice(half) } }] }));
        });
        send(chunk(model, {}, 'tool_calls'));
        send({
          ...chunk(model, {}),
          choices: [],
          usage: { prompt_tokens: 60, completion_tokens: 12, total_tokens: 72 },
        });
        break;
      }
      case 'stall':
        send(chunk(model, { role: 'assistant', content: '' }));
        for (const piece of reply.chunks ?? []) send(chunk(model, { content: piece }));
        return; // never ends: the client must time out or abort
      case 'drop':
        send(chunk(model, { role: 'assistant', content: '' }));
        for (const piece of reply.chunks ?? []) send(chunk(model, { content: piece }));
        await sleep(5);
        res.socket?.destroy();
        return;
    }
    if (alive()) {
      res.end('data: [DONE]\n\n');
      record.completed = true;
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const waitFor = (predicate: () => boolean, timeoutMs: number, what: string) =>
    new Promise<void>((resolve, reject) => {
      if (predicate()) return resolve();
      const check = () => {
        if (!predicate()) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`fake LLM: timed out waiting for ${what}`));
      }, timeoutMs);
      waiters.add(check);
    });

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    get embeddingRequests() {
      return embeddingRequests;
    },
    enqueue: (...replies) => {
      queue.push(...replies);
    },
    setFallback: (responder) => {
      fallback = responder;
    },
    async waitForAbort(timeoutMs = 5000) {
      await waitFor(() => requests.some((r) => r.aborted), timeoutMs, 'an aborted request');
      return requests.find((r) => r.aborted)!;
    },
    waitForRequests: (count, timeoutMs = 5000) =>
      waitFor(() => requests.length >= count, timeoutMs, `${count} requests`),
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      waiters.clear();
    },
  };
}
