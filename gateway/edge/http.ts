import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { GraphQLError } from 'graphql';
import { ERROR_CODE_DOCS, ErrorCode } from '../../core/errors/index.js';
import type { Logger } from '../../core/logger.js';
import { normaliseRequestId } from '../../core/server/index.js';

/** Answers a refused request in the GraphQL error shape, with the catalogued HTTP status. */
export function sendRefusal(res: Response, error: unknown): void {
  const coded = error as Partial<GraphQLError>;
  const code = coded.extensions?.['code'];
  const status = code === ErrorCode.RATE_LIMITED ? ERROR_CODE_DOCS.RATE_LIMITED.httpStatus : 400;
  const retryAfter = coded.extensions?.['retryAfter'];
  if (typeof retryAfter === 'number') res.setHeader('Retry-After', String(retryAfter));
  res.status(status).json({
    errors: [
      {
        message: coded.message ?? 'Refused',
        extensions: coded.extensions ?? { code: ErrorCode.BAD_USER_INPUT },
      },
    ],
  });
}

/**
 * Spends the client address's request budget before anything else runs (token verification,
 * body parsing): an unauthenticated flood is refused as cheaply as possible.
 */
export function admitAddress(check: (ip: string) => Promise<void>): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    if (req.method === 'OPTIONS') return next();
    try {
      await check(req.ip ?? 'unknown');
      next();
    } catch (error) {
      sendRefusal(res, error);
    }
  };
}

/**
 * Gives every request one id, the caller's `x-request-id` when well-formed or a new one, and
 * echoes it in the response. The gateway forwards it to the subgraphs and they to HWA, so one id
 * finds a request in every service's logs. Logs one line per request when it finishes: debug for
 * successes and refusals (a flood must not flood the logs too), warn for server errors.
 */
export function requestIds(logger: Logger): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const header = req.headers['x-request-id'];
    const requestId = normaliseRequestId(Array.isArray(header) ? header[0] : header);
    req.headers['x-request-id'] = requestId;
    res.setHeader('x-request-id', requestId);
    const started = performance.now();
    res.once('finish', () => {
      const line = {
        requestId,
        method: req.method,
        path: req.path,
        status: res.statusCode,
        ip: req.ip,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
      };
      if (res.statusCode >= 500) logger.warn(line, 'request failed');
      else logger.debug(line, 'request');
    });
    next();
  };
}
