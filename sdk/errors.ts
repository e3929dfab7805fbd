/** One GraphQL error as the gateway sends it (`extensions.code` is always set by Resync). */
export interface ResyncGraphQLError {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: Record<string, unknown>;
}

/**
 * Codes of the API (`extensions.code`) plus the client's own for failures that never reached a
 * GraphQL answer. The API may add codes: treat unknown ones like INTERNAL.
 */
export type ResyncErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'RATE_LIMITED'
  | 'UPSTREAM_UNAVAILABLE'
  | 'INTERNAL'
  /** The gateway could not be reached (connection refused, DNS, reset). */
  | 'NETWORK_ERROR'
  /** No answer within `timeoutMs`. */
  | 'TIMEOUT'
  /** An answer that is not a GraphQL response (a proxy's HTML error page, for instance). */
  | 'BAD_RESPONSE'
  /** The subscription socket closed before the operation completed. */
  | 'CONNECTION_CLOSED'
  | (string & {});

/**
 * What `request` and `subscribe` throw: the first error's code and message, every error, the
 * partial data when the gateway sent some, and `retryAfter` (seconds) for RATE_LIMITED.
 */
export class ResyncError extends Error {
  override readonly name = 'ResyncError';
  readonly code: ResyncErrorCode;
  readonly errors: readonly ResyncGraphQLError[];
  readonly data: unknown;
  readonly retryAfter: number | undefined;
  /** HTTP status (HTTP only). */
  readonly status: number | undefined;
  /** The gateway's `x-request-id`, to find the request in its logs (HTTP only). */
  readonly requestId: string | undefined;

  constructor(
    code: ResyncErrorCode,
    message: string,
    details: {
      errors?: readonly ResyncGraphQLError[];
      data?: unknown;
      retryAfter?: number;
      status?: number;
      requestId?: string;
      cause?: unknown;
    } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.errors = details.errors ?? [{ message, extensions: { code } }];
    this.data = details.data;
    this.retryAfter = details.retryAfter;
    this.status = details.status;
    this.requestId = details.requestId;
  }

  /** From the `errors` of a GraphQL response. */
  static fromGraphQL(
    errors: readonly ResyncGraphQLError[],
    more: { data?: unknown; status?: number; requestId?: string } = {},
  ): ResyncError {
    const first = errors[0] ?? { message: 'Unknown error' };
    const code = typeof first.extensions?.['code'] === 'string' ? first.extensions['code'] : 'INTERNAL';
    const fromExtensions = first.extensions?.['retryAfter'];
    const retryAfter = typeof fromExtensions === 'number' ? fromExtensions : undefined;
    return new ResyncError(code, first.message, {
      errors,
      data: more.data,
      ...(retryAfter === undefined ? {} : { retryAfter }),
      ...(more.status === undefined ? {} : { status: more.status }),
      ...(more.requestId === undefined ? {} : { requestId: more.requestId }),
    });
  }
}

/**
 * graphql-ws close codes the gateway uses, as API codes. 4403 ("Forbidden" in graphql-ws) is how
 * the socket refuses a missing, invalid or expired token: that is UNAUTHENTICATED (log in again),
 * not FORBIDDEN (a role the user lacks, which comes back per operation as a GraphQL error).
 */
const CLOSE_CODES: Readonly<Record<number, ResyncErrorCode>> = {
  4401: 'UNAUTHENTICATED',
  4403: 'UNAUTHENTICATED',
  4429: 'RATE_LIMITED',
  4400: 'BAD_USER_INPUT',
  4500: 'INTERNAL',
};

/**
 * What graphql-ws throws, as a ResyncError: an array of GraphQL errors (the operation was
 * refused) or a close event (the socket went away; the gateway says why in its reason).
 */
export function fromSubscriptionFailure(failure: unknown): ResyncError {
  if (failure instanceof ResyncError) return failure;
  if (Array.isArray(failure)) return ResyncError.fromGraphQL(failure as ResyncGraphQLError[]);
  if (isCloseEvent(failure)) {
    const code = CLOSE_CODES[failure.code] ?? 'CONNECTION_CLOSED';
    const retryAfter =
      code === 'RATE_LIMITED' ? seconds(/retry after (\d+)s/.exec(failure.reason)?.[1]) : undefined;
    return new ResyncError(code, failure.reason || `connection closed (${failure.code})`, {
      ...(retryAfter === undefined ? {} : { retryAfter }),
      cause: failure,
    });
  }
  const message = failure instanceof Error ? failure.message : String(failure);
  return new ResyncError('NETWORK_ERROR', message, { cause: failure });
}

export function isCloseEvent(value: unknown): value is { code: number; reason: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { code?: unknown }).code === 'number' &&
    'reason' in value
  );
}

function seconds(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value.trim());
}
