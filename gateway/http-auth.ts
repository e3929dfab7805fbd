import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Identity, TokenVerifier } from '../core/auth/index.js';
import { UnauthenticatedError } from '../core/errors/index.js';

/** Where the verified identity travels from this middleware to the GraphQL context. */
export interface AuthLocals {
  identity?: Identity;
}

export interface RequireTokenOptions {
  /**
   * Let a browser GET asking for HTML, without a query, through without a token: the Sandbox
   * page. Development only; in production there is no landing page, and such a request would
   * reach Apollo without an identity.
   */
  sandboxPage: boolean;
  /** Runs once the token is verified (per-user admission); throw a coded error to refuse. */
  onIdentity?: (identity: Identity, req: Request) => Promise<void>;
}

/**
 * Authenticates every GraphQL request before Apollo sees it: no valid token, no execution,
 * on any operation (DESIGN §2). Only CORS preflights, and in development the Sandbox page,
 * pass without a token.
 */
export function requireToken(verify: TokenVerifier, opts: RequireTokenOptions): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    if (req.method === 'OPTIONS') return next();
    if (
      opts.sandboxPage &&
      req.method === 'GET' &&
      req.query['query'] === undefined &&
      (req.headers.accept ?? '').includes('text/html')
    )
      return next();
    try {
      const identity = await verify(req.headers.authorization);
      (res.locals as AuthLocals).identity = identity;
      await opts.onIdentity?.(identity, req);
      next();
    } catch (error) {
      const coded = error as { message?: string; extensions?: Record<string, unknown> };
      const unauthenticated = error instanceof UnauthenticatedError;
      const code = coded.extensions?.['code'];
      const status = unauthenticated
        ? 401
        : code === 'RATE_LIMITED'
          ? 429
          : code === 'UPSTREAM_UNAVAILABLE' // the identity provider's keys: retry, no new login
            ? 503
            : 400;
      if (code === 'RATE_LIMITED' && typeof coded.extensions?.['retryAfter'] === 'number') {
        res.setHeader('Retry-After', String(coded.extensions['retryAfter']));
      }
      res.status(status).json({
        errors: [
          {
            message: coded.message ?? 'Unauthenticated',
            extensions: coded.extensions ?? { code: 'UNAUTHENTICATED' },
          },
        ],
      });
    }
  };
}
