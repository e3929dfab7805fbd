// The HTTP pipeline: count → (admin | faults → auth → body → route → handler) → write. Owns every socket
// so stop() can close hung requests too, and is idempotent.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { SimCore } from '../core.js';
import { SimError } from '../errors.js';
import type { FaultSpec } from '../types.js';
import { authenticate, type Credentials } from './auth.js';
import type { FaultInjector } from './faults.js';
import { header } from './params.js';
import { recordAction } from './record.js';
import type { Router } from './router.js';
import type { SimResponse } from './types.js';

export const API_ROOT = '/twsd/api/v2/';
export const ADMIN_ROOT = '/_sim/';
const MAX_BODY = 1 << 20;

export interface PipelineOptions {
  core: SimCore;
  credentials: Credentials;
  faults: FaultInjector;
  api: Router;
  admin: Router;
}

export interface HttpServer {
  port: number;
  close(): Promise<void>;
}

function errorResponse(err: unknown): SimResponse {
  const e =
    err instanceof SimError
      ? err
      : new SimError('INTERNAL_ERROR', err instanceof Error ? err.message : String(err));
  return { status: e.status, json: e.body() };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY) throw new SimError('INVALID_BODY', 'The request body is too large.');
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/** Parses a JSON body; 415 when a body comes without `Content-Type: application/json` (NOTES §1.3). */
async function parseBody(req: IncomingMessage): Promise<unknown> {
  const raw = await readBody(req);
  if (raw.length === 0) return undefined;
  const type = header(req.headers, 'content-type') ?? '';
  if (!/^application\/json\b/i.test(type.trim()))
    throw new SimError(
      'UNSUPPORTED_MEDIA_TYPE',
      `The media type "${type || 'none'}" is not supported; use application/json.`,
    );
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new SimError('INVALID_BODY', 'The request body is not valid JSON.');
  }
}

function write(res: ServerResponse, response: SimResponse, malformed = false): void {
  if (res.destroyed || res.writableEnded) return;
  const headers: Record<string, string> = { ...(response.headers ?? {}) };
  let payload: string;
  if (response.text !== undefined && !malformed) {
    headers['Content-Type'] = 'text/plain; charset=utf-8';
    payload = response.text;
  } else {
    headers['Content-Type'] = 'application/json';
    payload = response.json === undefined ? '' : JSON.stringify(response.json);
    // A body cut mid-way: what a proxy dropping the connection or a buggy serializer produces.
    if (malformed)
      payload = payload.length > 2 ? payload.slice(0, Math.ceil(payload.length / 2)) : '{"count":';
  }
  headers['Content-Length'] = String(Buffer.byteLength(payload));
  res.writeHead(response.status, headers);
  res.end(payload);
}

function terminalResponse(fault: FaultSpec): SimResponse | undefined {
  if (fault.kind === 'error') {
    const status = fault.status ?? 503;
    return errorResponse(
      new SimError(
        status === 500 ? 'INTERNAL_ERROR' : 'SERVICE_UNAVAILABLE',
        status === 500
          ? 'Internal server error (injected).'
          : 'The service is temporarily unavailable (injected).',
      ),
    );
  }
  if (fault.kind === 'rateLimit') {
    const seconds = fault.retryAfterSeconds ?? 1;
    return {
      ...errorResponse(new SimError('TOO_MANY_REQUESTS', 'Too many requests (injected).')),
      headers: { 'Retry-After': String(seconds) },
    };
  }
  return undefined;
}

export function startHttpServer(opts: PipelineOptions, port: number, host: string): Promise<HttpServer> {
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const origin = `http://${header(req.headers, 'host') ?? `${host}:${port}`}`;
    const url = new URL(req.url ?? '/', origin);
    const path = url.pathname;
    const admin = path.startsWith(ADMIN_ROOT);
    if (!admin) opts.core.countRequest(path);
    let malformed = false;
    if (!admin && path.startsWith(API_ROOT)) {
      const decision = opts.faults.decide(method, path);
      if (decision.delayMs > 0) await sleep(decision.delayMs);
      const fault = decision.terminal;
      if (fault?.kind === 'hang') return; // never answered; stop() destroys the socket
      if (fault?.kind === 'reset') {
        req.socket.destroy();
        return;
      }
      if (fault) {
        const injected = terminalResponse(fault);
        if (injected) return write(res, injected);
        malformed = fault.kind === 'malformed';
      }
    }
    const user = authenticate(header(req.headers, 'authorization'), opts.credentials);
    if (!user) {
      return write(res, {
        ...errorResponse(
          new SimError('NOT_AUTHORIZED', 'The user is not authorized: missing or wrong credentials.'),
        ),
        headers: { 'WWW-Authenticate': 'Basic realm="twsd"' },
      });
    }
    let response: SimResponse;
    let body: unknown;
    let params: Record<string, string> = {};
    try {
      if (!admin && !path.startsWith(API_ROOT))
        throw new SimError('NOT_FOUND', `The resource ${path} does not exist.`);
      body = await parseBody(req);
      const router = admin ? opts.admin : opts.api;
      const match = router.match(method, path.slice((admin ? ADMIN_ROOT : API_ROOT).length));
      params = match.params;
      opts.core.sync();
      response = match.handler(
        { method, url, params: match.params, headers: req.headers, body, user, origin },
        opts.core,
      );
    } catch (err) {
      response = errorResponse(err);
    }
    if (!admin && method !== 'GET')
      recordAction(opts.core, { method, path, params, headers: req.headers, user, body, response });
    write(res, response, malformed && response.status < 300);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => write(res, errorResponse(err)));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
      server.closeAllConnections();
    });
    return closing;
  };

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : port;
      port = bound;
      resolve({ port: bound, close });
    });
  });
}
