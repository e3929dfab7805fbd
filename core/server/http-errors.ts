import type { ErrorRequestHandler } from 'express';
import type { Logger } from '../logger.js';

/**
 * Express's default handler prints stack traces for malformed bodies; this one answers in the
 * GraphQL error shape with a 4xx (413 for too large, 400 otherwise) and never crashes.
 */
export function graphqlHttpErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const status =
      typeof (error as { status?: unknown }).status === 'number' ? (error as { status: number }).status : 500;
    const clientError = status >= 400 && status < 500;
    if (!clientError) logger.error({ err: error }, 'unexpected HTTP error');
    const message =
      status === 413
        ? 'Request body too large'
        : clientError
          ? 'Malformed request body'
          : 'Internal server error';
    res.status(clientError ? status : 500).json({
      errors: [{ message, extensions: { code: clientError ? 'BAD_USER_INPUT' : 'INTERNAL' } }],
    });
  };
}
