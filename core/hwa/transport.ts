import { readFileSync } from 'node:fs';
import { Agent, request, type Dispatcher } from 'undici';
import type { Logger } from '../logger.js';
import { HwaHttpError, HwaTransportError, parseHwaErrorBody } from './errors.js';

export type HwaCredentials =
  | { readonly kind: 'basic'; readonly username: string; readonly password: string }
  | { readonly kind: 'bearer'; readonly token: string };

export interface TransportOptions {
  /** Base URL including `/twsd`, e.g. `https://hwa.example.com:31116/twsd`. */
  baseUrl: string;
  credentials: HwaCredentials;
  /** Default deadline of one HTTP exchange, body included. */
  timeoutMs: number;
  /** PEM bundle of the CA that signed HWA's certificate. @default the system's trust store */
  caFile?: string | undefined;
  /** Accept any certificate (lab masters only). @default false */
  insecureSkipTlsVerify?: boolean;
  /** Sockets kept open to HWA. @default 16 */
  maxConnections?: number;
  logger: Logger;
}

export interface HttpExchange {
  method: 'GET' | 'PUT' | 'POST';
  /** Relative to `/twsd/api/v2/`, path parameters already encoded. */
  path: string;
  query?: Readonly<Record<string, string | number | boolean | undefined>>;
  headers?: Readonly<Record<string, string>>;
  /** JSON body; sent with `Content-Type: application/json` (HWA answers 415 otherwise). */
  body?: unknown;
  /** @default the transport's timeoutMs */
  timeoutMs?: number;
  /** Largest body accepted; a text body keeps its last `maxBytes` instead of failing. @default 32 MiB */
  maxBytes?: number;
  /** `text` bodies (job logs) are cut from the start when too large, keeping the tail. */
  expect: 'json' | 'text';
}

export interface HttpResult {
  status: number;
  text: string;
  /** True when a text body was longer than `maxBytes` and only its end was kept. */
  truncated: boolean;
}

const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;

export interface Transport {
  send(exchange: HttpExchange): Promise<HttpResult>;
  close(): Promise<void>;
}

/**
 * HTTP to HWA over one keep-alive undici Agent: auth header, per-call deadline, TLS trust, body
 * size limits. Non-2xx answers become `HwaHttpError`, everything else `HwaTransportError`.
 */
export function createTransport(options: TransportOptions): Transport {
  const { baseUrl, credentials, timeoutMs, logger, maxConnections = 16 } = options;
  const root = `${baseUrl.replace(/\/+$/, '')}/api/v2/`;
  const secure = root.startsWith('https:');
  if (options.insecureSkipTlsVerify) {
    logger.warn(
      { upstream: 'hwa', url: baseUrl },
      'TWS_INSECURE_SKIP_TLS_VERIFY=true: HWA certificate is NOT VERIFIED. Anyone on the network path can impersonate HWA and capture its credentials. Use TWS_CA_FILE instead.',
    );
  }
  const agent = new Agent({
    connections: maxConnections,
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 600_000,
    ...(secure
      ? {
          connect: {
            rejectUnauthorized: options.insecureSkipTlsVerify !== true,
            ...(options.caFile ? { ca: readFileSync(options.caFile, 'utf8') } : {}),
          },
        }
      : {}),
  });
  const authorization =
    credentials.kind === 'bearer'
      ? `Bearer ${credentials.token}`
      : `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;

  return {
    async send(exchange) {
      const url = new URL(exchange.path, root);
      for (const [key, value] of Object.entries(exchange.query ?? {})) {
        if (value !== undefined) url.searchParams.set(key, String(value));
      }
      const deadline = exchange.timeoutMs ?? timeoutMs;
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), deadline);
      const hasBody = exchange.body !== undefined;
      const headers: Record<string, string> = {
        authorization,
        accept: exchange.expect === 'json' ? 'application/json' : 'text/plain, application/json',
        ...(hasBody ? { 'content-type': 'application/json' } : {}),
        ...exchange.headers,
      };
      try {
        const response = await request(url, {
          method: exchange.method,
          headers,
          ...(hasBody ? { body: JSON.stringify(exchange.body) } : {}),
          dispatcher: agent,
          signal: controller.signal,
          headersTimeout: deadline,
          bodyTimeout: deadline,
        });
        const { text, truncated } = await readBody(
          response.body,
          exchange.maxBytes ?? DEFAULT_MAX_BYTES,
          exchange.expect,
        );
        if (response.statusCode < 200 || response.statusCode >= 300) {
          const { message, code } = parseHwaErrorBody(text);
          throw new HwaHttpError(
            response.statusCode,
            message,
            code,
            retryAfterMs(response.headers['retry-after']),
          );
        }
        return { status: response.statusCode, text, truncated };
      } catch (error) {
        if (error instanceof HwaHttpError || error instanceof HwaTransportError) throw error;
        if (controller.signal.aborted || isUndiciTimeout(error)) {
          throw new HwaTransportError('timeout', `no answer within ${deadline} ms`, { cause: error });
        }
        throw new HwaTransportError('network', describeNetworkError(error), { cause: error });
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      await agent.close();
    },
  };
}

async function readBody(
  body: Dispatcher.ResponseData['body'],
  maxBytes: number,
  expect: 'json' | 'text',
): Promise<{ text: string; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  for await (const chunk of body) {
    const buffer = chunk as Buffer;
    chunks.push(buffer);
    size += buffer.length;
    while (size > maxBytes) {
      if (expect === 'json') {
        body.destroy();
        throw new HwaTransportError('too_large', `response body larger than ${maxBytes} bytes`);
      }
      // Job logs: keep the end, which is where the error lines are.
      const first = chunks[0]!;
      const excess = size - maxBytes;
      if (first.length <= excess) {
        chunks.shift();
        size -= first.length;
      } else {
        chunks[0] = first.subarray(excess);
        size -= excess;
      }
      truncated = true;
    }
  }
  let text = Buffer.concat(chunks).toString('utf8');
  // A cut may land inside a line (or a multi-byte character); drop the partial first line.
  if (truncated) text = text.slice(text.indexOf('\n') + 1);
  return { text, truncated };
}

/** `Retry-After` as seconds or an HTTP date. */
export function retryAfterMs(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined || raw.trim() === '') return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function isUndiciTimeout(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT' ||
    code === 'UND_ERR_CONNECT_TIMEOUT'
  );
}

function describeNetworkError(error: unknown): string {
  const e = error as { code?: unknown; cause?: { code?: unknown }; message?: unknown } | null;
  const code =
    typeof e?.code === 'string' ? e.code : typeof e?.cause?.code === 'string' ? e.cause.code : undefined;
  const message = typeof e?.message === 'string' ? e.message : String(error);
  return code ? `${code}: ${message}` : message;
}
