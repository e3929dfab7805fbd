import { GraphQLError } from 'graphql';
import {
  ERROR_CODE_DOCS,
  ErrorCode,
  ForbiddenError,
  RateLimitedError,
  UpstreamUnavailableError,
  maskError,
} from '../../../core/errors/index.js';

describe('error catalogue', () => {
  it('documents every code with an HTTP status and a description, and no code twice', () => {
    const codes = Object.values(ErrorCode);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) {
      expect(ERROR_CODE_DOCS[code].description.length).toBeGreaterThan(20);
      expect(ERROR_CODE_DOCS[code].httpStatus).toBeGreaterThanOrEqual(400);
    }
    expect(Object.keys(ERROR_CODE_DOCS).sort()).toEqual([...codes].sort());
  });

  it('error classes carry their code, and RATE_LIMITED its retryAfter', () => {
    expect(new ForbiddenError().extensions['code']).toBe('FORBIDDEN');
    const limited = new RateLimitedError(1.2);
    expect(limited.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfter: 2 });
    const cause = new Error('ECONNREFUSED');
    const upstream = new UpstreamUnavailableError('hwa', 'HWA down', { cause });
    expect(upstream.originalError).toBe(cause);
    expect(upstream.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', upstream: 'hwa' });
  });
});

describe('maskError', () => {
  it('keeps deliberate errors', () => {
    const formatted = new ForbiddenError('Requires the admin role').toJSON();
    expect(maskError(formatted, undefined)).toEqual(formatted);
  });

  it('masks unexpected errors and reports them', () => {
    const seen: string[] = [];
    const formatted = new GraphQLError('connect ECONNREFUSED 10.0.0.5:7687 password=hunter2').toJSON();
    const masked = maskError(formatted, undefined, { onMasked: (f) => seen.push(f.message) });
    expect(masked).toEqual({ message: 'Internal server error', extensions: { code: 'INTERNAL' } });
    expect(seen).toHaveLength(1);
  });

  it('maps Apollo client errors to BAD_USER_INPUT and drops stacks unless asked', () => {
    const formatted = {
      message: 'Syntax Error',
      extensions: { code: 'GRAPHQL_PARSE_FAILED', stacktrace: ['at x'] },
    };
    expect(maskError(formatted, undefined)).toEqual({
      message: 'Syntax Error',
      extensions: { code: 'BAD_USER_INPUT', reason: 'GRAPHQL_PARSE_FAILED' },
    });
  });

  it('never throws, even on hostile input', () => {
    const hostile = {
      get message(): string {
        throw new Error('boom');
      },
      extensions: { code: 42 },
    };
    expect(maskError(hostile as never, undefined)).toEqual({
      message: 'Internal server error',
      extensions: { code: 'INTERNAL' },
    });
  });
});
