import { GraphQLError, type GraphQLErrorOptions } from 'graphql';
import { ErrorCode } from './codes.js';

type Extra = Record<string, unknown>;

/** Base of every deliberate error: carries a catalogued code and survives masking. */
export class ResyncError extends GraphQLError {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options: { cause?: unknown; extensions?: Extra } = {},
  ) {
    const graphqlOptions: GraphQLErrorOptions = {
      extensions: { ...options.extensions, code },
      ...(options.cause instanceof Error ? { originalError: options.cause } : {}),
    };
    super(message, graphqlOptions);
    this.name = new.target.name;
  }
}

export class UnauthenticatedError extends ResyncError {
  constructor(message = 'Authentication required: send a valid bearer token', options?: { cause?: unknown }) {
    super(ErrorCode.UNAUTHENTICATED, message, options);
  }
}

export class ForbiddenError extends ResyncError {
  constructor(message = 'Not allowed for your role') {
    super(ErrorCode.FORBIDDEN, message);
  }
}

export class BadUserInputError extends ResyncError {
  constructor(message: string, extensions?: Extra) {
    super(ErrorCode.BAD_USER_INPUT, message, extensions ? { extensions } : {});
  }
}

export class NotFoundError extends ResyncError {
  constructor(what: string, id?: string) {
    super(ErrorCode.NOT_FOUND, id === undefined ? `${what} not found` : `${what} ${id} not found`);
  }
}

export class RateLimitedError extends ResyncError {
  constructor(retryAfterSeconds: number, message = 'Too many requests') {
    const retryAfter = Math.max(1, Math.ceil(retryAfterSeconds));
    super(ErrorCode.RATE_LIMITED, `${message}; retry after ${retryAfter}s`, { extensions: { retryAfter } });
  }
}

export class UpstreamUnavailableError extends ResyncError {
  constructor(
    readonly upstream: string,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(ErrorCode.UPSTREAM_UNAVAILABLE, message, { ...options, extensions: { upstream } });
  }
}

export class InternalError extends ResyncError {
  constructor(message = 'Internal server error', options?: { cause?: unknown }) {
    super(ErrorCode.INTERNAL, message, options);
  }
}
