import type { GraphQLFormattedError } from 'graphql';
import { ErrorCode, isErrorCode } from './codes.js';

/** Codes Apollo Server itself produces for client mistakes; they are safe to show. */
const APOLLO_CLIENT_CODES: Readonly<Record<string, ErrorCode>> = {
  GRAPHQL_PARSE_FAILED: ErrorCode.BAD_USER_INPUT,
  GRAPHQL_VALIDATION_FAILED: ErrorCode.BAD_USER_INPUT,
  BAD_USER_INPUT: ErrorCode.BAD_USER_INPUT,
  BAD_REQUEST: ErrorCode.BAD_USER_INPUT,
  PERSISTED_QUERY_NOT_FOUND: ErrorCode.BAD_USER_INPUT,
  PERSISTED_QUERY_NOT_SUPPORTED: ErrorCode.BAD_USER_INPUT,
  OPERATION_RESOLUTION_FAILURE: ErrorCode.BAD_USER_INPUT,
};

export interface MaskOptions {
  /** Include stack traces of unexpected errors (never in production). @default false */
  includeStack?: boolean;
  /** Called with every error that gets masked, to log it server-side. */
  onMasked?: (formatted: GraphQLFormattedError, original: unknown) => void;
}

/**
 * Keeps deliberate (catalogued) errors and replaces everything else with a generic INTERNAL
 * error. Never throws: a formatter that throws would itself leak a stack trace.
 */
export function maskError(
  formatted: GraphQLFormattedError,
  original: unknown,
  options: MaskOptions = {},
): GraphQLFormattedError {
  try {
    const code = formatted.extensions?.['code'];
    if (isErrorCode(code) && code !== ErrorCode.INTERNAL) {
      return withoutStack(formatted, options.includeStack === true);
    }
    if (typeof code === 'string' && APOLLO_CLIENT_CODES[code] !== undefined) {
      const kept = withoutStack(formatted, options.includeStack === true);
      return { ...kept, extensions: { ...kept.extensions, code: APOLLO_CLIENT_CODES[code], reason: code } };
    }
    options.onMasked?.(formatted, original);
    const masked: GraphQLFormattedError = {
      message: 'Internal server error',
      ...(formatted.path ? { path: formatted.path } : {}),
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      extensions: { code: ErrorCode.INTERNAL },
    };
    if (options.includeStack === true) {
      const stack = formatted.extensions?.['stacktrace'];
      if (stack !== undefined) masked.extensions!['stacktrace'] = stack;
      masked.extensions!['originalMessage'] = formatted.message;
    }
    return masked;
  } catch {
    return { message: 'Internal server error', extensions: { code: ErrorCode.INTERNAL } };
  }
}

function withoutStack(formatted: GraphQLFormattedError, keep: boolean): GraphQLFormattedError {
  if (keep || formatted.extensions?.['stacktrace'] === undefined) return formatted;
  const { stacktrace: _dropped, ...extensions } = formatted.extensions;
  return { ...formatted, extensions };
}
