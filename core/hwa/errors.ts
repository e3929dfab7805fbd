import { isBreakerOpenError } from '../breaker.js';
import {
  ErrorCode,
  InternalError,
  NotFoundError,
  ResyncError,
  UpstreamUnavailableError,
} from '../errors/index.js';

export const UPSTREAM = 'hwa';

/** A non-2xx answer from HWA, before translation (what the breaker and the retry policy see). */
export class HwaHttpError extends Error {
  constructor(
    readonly status: number,
    /** HWA's first message (`messages[0]`), or the start of a non-JSON body. */
    readonly hwaMessage: string,
    /** HWA's error token, e.g. `OQL_FILTER_SYNTAX_ERROR`, when the body carries one. */
    readonly hwaCode: string | undefined,
    /** From `Retry-After` on 429/503. */
    readonly retryAfterMs: number | undefined,
  ) {
    super(`HWA answered ${status}${hwaMessage ? `: ${hwaMessage}` : ''}`);
    this.name = 'HwaHttpError';
  }
}

export type TransportFailure = 'timeout' | 'network' | 'malformed' | 'too_large';

/** No usable answer: timeout, connection failure, a body that does not parse. */
export class HwaTransportError extends Error {
  constructor(
    readonly kind: TransportFailure,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
    this.name = 'HwaTransportError';
  }
}

/** Parses HWA's (undocumented, optional) error body: `{exceptionName, messages[], code}` or text. */
export function parseHwaErrorBody(text: string): { message: string; code: string | undefined } {
  try {
    const body = JSON.parse(text) as { messages?: unknown; message?: unknown; code?: unknown };
    const first = Array.isArray(body.messages) ? body.messages.find((m) => typeof m === 'string') : undefined;
    const message = typeof first === 'string' ? first : typeof body.message === 'string' ? body.message : '';
    return { message: message.slice(0, 500), code: typeof body.code === 'string' ? body.code : undefined };
  } catch {
    return { message: text.trim().slice(0, 200), code: undefined };
  }
}

/** Names the addressed object so a 404 reads "Job 123 not found" rather than a URL. */
export interface Subject {
  what: string;
  id?: string;
}

/**
 * The boundary translation (ENGINEERING habit 8): every HWA failure leaves core/hwa as one of our
 * coded errors, with the original kept as `originalError` for logs.
 */
export function translateHwaError(error: unknown, subject?: Subject): ResyncError {
  if (error instanceof ResyncError) return error;
  if (error instanceof HwaHttpError) return translateHttp(error, subject);
  if (error instanceof HwaTransportError) {
    const message =
      error.kind === 'timeout'
        ? `HWA did not answer in time (${error.message})`
        : error.kind === 'network'
          ? `HWA is unreachable (${error.message})`
          : `HWA sent an unusable response (${error.message})`;
    return new UpstreamUnavailableError(UPSTREAM, message, { cause: error });
  }
  if (isBreakerOpenError(error)) {
    return new UpstreamUnavailableError(
      UPSTREAM,
      'HWA is failing: calls are suspended for a few seconds (circuit open)',
      { cause: error },
    );
  }
  return new InternalError('Unexpected error calling HWA', { cause: error });
}

function translateHttp(error: HwaHttpError, subject: Subject | undefined): ResyncError {
  const { status, hwaMessage } = error;
  if (status === 404) {
    return subject ? new NotFoundError(subject.what, subject.id) : new NotFoundError('HWA object');
  }
  if (status === 400 || status === 409) {
    const message = hwaMessage ? `HWA refused the request: ${hwaMessage}` : 'HWA refused the request';
    return new ResyncError(ErrorCode.BAD_USER_INPUT, message, {
      cause: error,
      extensions: { upstream: UPSTREAM, ...(error.hwaCode ? { hwaCode: error.hwaCode } : {}) },
    });
  }
  if (status === 401 || status === 403) {
    // Our service account, not the caller: the fix is in Resync's configuration.
    return new UpstreamUnavailableError(UPSTREAM, 'HWA refused our credentials', { cause: error });
  }
  if (status === 429) {
    const seconds = error.retryAfterMs === undefined ? undefined : Math.ceil(error.retryAfterMs / 1000);
    return new UpstreamUnavailableError(
      UPSTREAM,
      `HWA is rate limiting Resync${seconds === undefined ? '' : `; retry after ${seconds}s`}`,
      { cause: error },
    );
  }
  if (status >= 500)
    return new UpstreamUnavailableError(UPSTREAM, `HWA failed (HTTP ${status})`, { cause: error });
  // Other 4xx (405, 415, ...) mean we built a wrong request: our bug, masked for the caller.
  return new InternalError(`HWA rejected a request Resync built (HTTP ${status})`, { cause: error });
}

/** Whether an error counts against HWA's breaker: client errors (4xx) never do. */
export function isHwaFailure(error: unknown): boolean {
  if (error instanceof HwaHttpError) return error.status >= 500;
  return true;
}
