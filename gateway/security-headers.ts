import type { NextFunction, Request, Response } from 'express';

/** What Apollo Sandbox (the development landing page) loads from Apollo's CDN. */
const SANDBOX_CSP = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline' https://*.apollographql.com",
  "style-src 'self' 'unsafe-inline' https://*.apollographql.com https://fonts.googleapis.com",
  "font-src 'self' https://fonts.gstatic.com https://*.apollographql.com",
  "img-src 'self' data: https://*.apollographql.com",
  "connect-src 'self' ws: wss: https://*.apollographql.com",
  'frame-src https://*.apollographql.com',
  "manifest-src 'self' https://*.apollographql.com",
].join('; ');

/** API responses never render anything: the strictest policy. */
const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * Security headers for the gateway. The landing page gets a CSP that lets Sandbox load (it
 * adds its own nonce-based policy in a meta tag; both must allow a resource); everything else
 * gets a deny-all policy.
 */
export function securityHeaders({ sandbox }: { sandbox: boolean }) {
  return (req: Request, res: Response, next: NextFunction) => {
    const wantsPage = sandbox && req.method === 'GET' && (req.headers.accept ?? '').includes('text/html');
    res.setHeader('Content-Security-Policy', wantsPage ? SANDBOX_CSP : API_CSP);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-site');
    if (!wantsPage) res.setHeader('X-Frame-Options', 'DENY');
    next();
  };
}
