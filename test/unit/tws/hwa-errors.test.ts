import {
  HwaHttpError,
  HwaTransportError,
  isHwaFailure,
  parseHwaErrorBody,
  translateHwaError,
} from '../../../core/hwa/errors.js';
import { retryDecision } from '../../../core/hwa/retry.js';
import { retryAfterMs } from '../../../core/hwa/transport.js';

const http = (status: number, message = 'AWSJPL506E nope', code?: string, retryAfter?: number) =>
  new HwaHttpError(status, message, code, retryAfter);

describe('HWA error translation', () => {
  it.each([
    [404, 'NOT_FOUND', 'Job J1 not found'],
    [400, 'BAD_USER_INPUT', 'HWA refused the request: AWSJPL506E nope'],
    [409, 'BAD_USER_INPUT', 'HWA refused the request: AWSJPL506E nope'],
    [401, 'UPSTREAM_UNAVAILABLE', 'HWA refused our credentials'],
    [403, 'UPSTREAM_UNAVAILABLE', 'HWA refused our credentials'],
    [500, 'UPSTREAM_UNAVAILABLE', 'HWA failed (HTTP 500)'],
    [503, 'UPSTREAM_UNAVAILABLE', 'HWA failed (HTTP 503)'],
    [415, 'INTERNAL', 'HWA rejected a request Resync built (HTTP 415)'],
  ])('HTTP %i → %s', (status, code, message) => {
    const error = translateHwaError(http(status), { what: 'Job', id: 'J1' });
    expect(error.extensions['code']).toBe(code);
    expect(error.message).toBe(message);
  });

  it('keeps HWA’s error token on BAD_USER_INPUT and the original error as the cause', () => {
    const original = http(400, 'AWSJOQ001E bad OQL', 'OQL_FILTER_SYNTAX_ERROR');
    const error = translateHwaError(original);
    expect(error.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      upstream: 'hwa',
      hwaCode: 'OQL_FILTER_SYNTAX_ERROR',
    });
    expect(error.originalError).toBe(original);
  });

  it('says when to come back on 429', () => {
    expect(translateHwaError(http(429, '', undefined, 30_000)).message).toBe(
      'HWA is rate limiting Resync; retry after 30s',
    );
  });

  it.each([
    [
      new HwaTransportError('timeout', 'no answer within 10 ms'),
      'HWA did not answer in time (no answer within 10 ms)',
    ],
    [new HwaTransportError('network', 'ECONNREFUSED'), 'HWA is unreachable (ECONNREFUSED)'],
    [
      new HwaTransportError('malformed', 'body is not valid JSON'),
      'HWA sent an unusable response (body is not valid JSON)',
    ],
    [
      Object.assign(new Error('Breaker is open'), { code: 'EOPENBREAKER' }),
      'HWA is failing: calls are suspended for a few seconds (circuit open)',
    ],
  ])('%s → UPSTREAM_UNAVAILABLE', (cause, message) => {
    const error = translateHwaError(cause);
    expect(error.extensions['code']).toBe('UPSTREAM_UNAVAILABLE');
    expect(error.message).toBe(message);
  });

  it('masks anything unexpected as INTERNAL', () => {
    expect(translateHwaError(new TypeError('x is undefined')).extensions['code']).toBe('INTERNAL');
  });

  it('never lets a client error count against the breaker', () => {
    expect([400, 401, 403, 404, 409, 415, 429].map((s) => isHwaFailure(http(s)))).toEqual(
      Array(7).fill(false),
    );
    expect([500, 502, 503].map((s) => isHwaFailure(http(s)))).toEqual([true, true, true]);
    expect(isHwaFailure(new HwaTransportError('timeout', 'x'))).toBe(true);
  });

  it('reads HWA’s AWS-style error body, or the start of a non-JSON one', () => {
    expect(
      parseHwaErrorBody('{"exceptionName":"x","messages":["AWSJCS001E no"],"code":"NOT_AUTHORIZED"}'),
    ).toEqual({
      message: 'AWSJCS001E no',
      code: 'NOT_AUTHORIZED',
    });
    expect(parseHwaErrorBody('<html>Bad gateway</html>')).toEqual({
      message: '<html>Bad gateway</html>',
      code: undefined,
    });
  });
});

describe('HWA read retry policy', () => {
  const policy = { retries: 2, baseDelayMs: 100, maxDelayMs: 2000 };
  const half = () => 0.5;

  it('retries network errors, cut bodies and 5xx with jittered exponential backoff', () => {
    expect(retryDecision(new HwaTransportError('network', 'ECONNRESET'), 0, policy, half)).toEqual({
      retry: true,
      delayMs: 50,
      reason: 'network',
    });
    expect(retryDecision(new HwaTransportError('malformed', 'x'), 1, policy, half)).toEqual({
      retry: true,
      delayMs: 100,
      reason: 'malformed',
    });
    expect(retryDecision(http(503), 1, policy, half)).toEqual({
      retry: true,
      delayMs: 100,
      reason: 'server_error',
    });
  });

  it('honours Retry-After on 429, but does not wait longer than the cap', () => {
    expect(retryDecision(http(429, '', undefined, 1000), 0, policy, half)).toEqual({
      retry: true,
      delayMs: 1000,
      reason: 'rate_limited',
    });
    expect(retryDecision(http(429, '', undefined, 60_000), 0, policy, half)).toEqual({ retry: false });
  });

  it('stops after the configured retries, and never retries timeouts, client errors or an open breaker', () => {
    expect(retryDecision(http(503), 2, policy, half)).toEqual({ retry: false });
    expect(retryDecision(new HwaTransportError('timeout', 'x'), 0, policy, half)).toEqual({ retry: false });
    expect(retryDecision(http(404), 0, policy, half)).toEqual({ retry: false });
    expect(
      retryDecision(Object.assign(new Error('open'), { code: 'EOPENBREAKER' }), 0, policy, half),
    ).toEqual({ retry: false });
  });

  it('parses Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-03-09T15:00:00Z');
    expect(retryAfterMs('5', now)).toBe(5000);
    expect(retryAfterMs('Mon, 09 Mar 2026 15:00:03 GMT', now)).toBe(3000);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(undefined, now)).toBeUndefined();
  });
});
