/**
 * The one catalogue of error codes clients can see in `errors[].extensions.code` (DESIGN §2).
 * Codes are never reused or renamed: clients branch on them. A test checks every code is documented.
 */
export const ErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  RATE_LIMITED: 'RATE_LIMITED',
  UPSTREAM_UNAVAILABLE: 'UPSTREAM_UNAVAILABLE',
  INTERNAL: 'INTERNAL',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export const ERROR_CODE_DOCS: Readonly<Record<ErrorCode, { httpStatus: number; description: string }>> = {
  UNAUTHENTICATED: {
    httpStatus: 401,
    description: 'No token, or a token that is malformed, expired, badly signed or carries no known role.',
  },
  FORBIDDEN: { httpStatus: 403, description: "The caller's roles do not allow this field or action." },
  BAD_USER_INPUT: {
    httpStatus: 400,
    description:
      'Arguments failed validation, or the action is not valid in the current state (e.g. rerun of a running job).',
  },
  NOT_FOUND: {
    httpStatus: 404,
    description: 'The addressed object does not exist (or is not visible to the caller).',
  },
  RATE_LIMITED: {
    httpStatus: 429,
    description:
      'Too many requests for this user or address; `extensions.retryAfter` gives the seconds to wait.',
  },
  UPSTREAM_UNAVAILABLE: {
    httpStatus: 503,
    description:
      'A dependency (HWA, Neo4j, Redis, Qdrant, an LLM provider, a subgraph) timed out, failed or has its breaker open.',
  },
  INTERNAL: {
    httpStatus: 500,
    description: 'An unexpected error; details are logged server-side and masked from clients.',
  },
};

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERROR_CODE_DOCS, value);
}
