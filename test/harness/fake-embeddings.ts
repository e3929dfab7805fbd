// A local server speaking the OpenAI embeddings wire protocol (POST /v1/embeddings), so tests
// drive the real provider code (the openai SDK, batching, deadlines, breakers, fallbacks) instead
// of a mock. Vectors are deterministic: the offline lexical recipe at the requested size, so
// related texts are close and retrieval results are meaningful. It plays scripted faults (HTTP
// errors with Retry-After, hangs, wrong vector sizes) and records every request. Requests to any
// other path can be forwarded to another fake (e.g. the fake LLM's chat completions), so one base
// URL serves a whole provider as NVIDIA's and OpenAI's APIs do.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { lexicalVector } from '../../core/llm/embeddings-lexical.js';

export type FakeEmbeddingReply =
  /** Vectors of `dimensions` (the default reply). */
  | { kind: 'ok' }
  /** An HTTP error with an OpenAI-style body, optionally with Retry-After (seconds). */
  | { kind: 'error'; status: number; retryAfter?: number; message?: string }
  /** No response until the client gives up. */
  | { kind: 'hang' }
  /** Vectors of the wrong size. */
  | { kind: 'wrongDimensions'; dimensions: number };

export interface RecordedEmbeddingRequest {
  path: string;
  body: Record<string, unknown>;
  authorization: string | undefined;
  /** The texts of `input`, whatever its shape. */
  inputs: string[];
}

export interface FakeEmbeddingsOptions {
  /** Size of the vectors it returns (unless the request asks for `dimensions`). @default 64 */
  dimensions?: number;
  /** Base URL (ending in /v1) that receives every request that is not /embeddings. @default none: 404 */
  forwardTo?: string;
}

export interface FakeEmbeddings {
  /** Base URL to configure as NVIDIA_BASE_URL / OPENAI_BASE_URL (ends in /v1). */
  url: string;
  readonly requests: RecordedEmbeddingRequest[];
  /** Queues replies, one per embeddings request in order; when empty, vectors are returned. */
  enqueue(...replies: FakeEmbeddingReply[]): void;
  /** Replies to every embeddings request from now on (until changed); `undefined` restores normal vectors. */
  setDefault(reply: FakeEmbeddingReply | undefined): void;
  stop(): Promise<void>;
}

export async function startFakeEmbeddings({
  dimensions = 64,
  forwardTo,
}: FakeEmbeddingsOptions = {}): Promise<FakeEmbeddings> {
  const requests: RecordedEmbeddingRequest[] = [];
  const queue: FakeEmbeddingReply[] = [];
  let standing: FakeEmbeddingReply | undefined;
  const hanging = new Set<ServerResponse>();

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const part of req) chunks.push(part as Buffer);
    const raw = Buffer.concat(chunks);
    const path = req.url ?? '/';
    if (!path.endsWith('/embeddings')) {
      await forward(req, res, raw);
      return;
    }
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
    } catch {
      json(res, 400, { error: { message: 'bad json' } });
      return;
    }
    const input = body['input'];
    const inputs = Array.isArray(input) ? input.map(String) : [String(input)];
    requests.push({ path, body, authorization: req.headers.authorization, inputs });
    const reply = queue.shift() ?? standing ?? { kind: 'ok' };
    switch (reply.kind) {
      case 'hang':
        hanging.add(res);
        res.on('close', () => hanging.delete(res));
        return;
      case 'error':
        res.writeHead(reply.status, {
          'content-type': 'application/json',
          ...(reply.retryAfter !== undefined ? { 'retry-after': String(reply.retryAfter) } : {}),
        });
        res.end(
          JSON.stringify({
            error: { message: reply.message ?? `fake error ${reply.status}`, type: 'fake_error' },
          }),
        );
        return;
      case 'ok':
      case 'wrongDimensions': {
        const size =
          reply.kind === 'wrongDimensions'
            ? reply.dimensions
            : typeof body['dimensions'] === 'number'
              ? body['dimensions']
              : dimensions;
        const base64 = body['encoding_format'] === 'base64';
        const data = inputs.map((text, index) => {
          const vector = lexicalVector(text, size);
          return {
            object: 'embedding',
            index,
            embedding: base64 ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector,
          };
        });
        json(res, 200, {
          object: 'list',
          model: String(body['model'] ?? 'fake-embed'),
          data,
          usage: { prompt_tokens: inputs.join(' ').length / 4, total_tokens: inputs.join(' ').length / 4 },
        });
        return;
      }
    }
  }

  async function forward(req: IncomingMessage, res: ServerResponse, raw: Buffer): Promise<void> {
    if (!forwardTo) {
      json(res, 404, { error: { message: 'not found' } });
      return;
    }
    const target = forwardTo.replace(/\/v1\/?$/, '') + (req.url ?? '/');
    const upstream = await fetch(target, {
      method: req.method ?? 'POST',
      headers: {
        'content-type': String(req.headers['content-type'] ?? 'application/json'),
        authorization: String(req.headers.authorization ?? ''),
      },
      ...(raw.length > 0 ? { body: raw } : {}),
    });
    res.writeHead(upstream.status, {
      'content-type': upstream.headers.get('content-type') ?? 'application/json',
    });
    if (upstream.body) for await (const part of upstream.body) res.write(part);
    res.end();
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    enqueue: (...replies) => {
      queue.push(...replies);
    },
    setDefault: (reply) => {
      standing = reply;
    },
    async stop() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
