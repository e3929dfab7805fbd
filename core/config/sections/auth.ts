import { z } from 'zod';
import { csv, optionalString, optionalUrl, type EnvOf } from './helpers.js';

/**
 * Used only outside production when JWT_SECRET is unset, so that `npm start` and
 * `npm run token` agree with no configuration. Health reports it as a development default.
 */
export const DEVELOPMENT_JWT_SECRET = 'resync-development-secret-do-not-use-in-production';

export const authEnv = {
  /** HS256 shared secret (at least 32 characters). */
  JWT_SECRET: optionalString(),
  /** JWKS endpoint of an identity provider, for RS256/ES256 tokens. */
  JWKS_URL: optionalUrl(),
  JWT_ISSUER: optionalString(),
  JWT_AUDIENCE: optionalString(),
  /** Accepted algorithms; `none` is never accepted whatever this says. */
  JWT_ALGORITHMS: csv('HS256,RS256,ES256'),
  /** Tolerated clock skew when checking exp/nbf. */
  JWT_CLOCK_TOLERANCE_SECONDS: z.coerce.number().int().min(0).max(300).default(5),
  /**
   * Deadline for fetching the JWKS. While the identity provider is unreachable, RS/ES tokens
   * are answered UPSTREAM_UNAVAILABLE (retry later), not UNAUTHENTICATED (log in again).
   */
  JWT_JWKS_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(3000),
};

type AuthEnv = EnvOf<typeof authEnv>;

export function buildAuthConfig(env: AuthEnv, production: boolean, problems: string[]) {
  if (env.JWT_SECRET !== undefined && env.JWT_SECRET.length < 32) {
    problems.push('JWT_SECRET: must be at least 32 characters');
  }
  if (production && env.JWT_SECRET === undefined && env.JWKS_URL === undefined) {
    problems.push('JWT_SECRET or JWKS_URL: one is required when NODE_ENV=production');
  }
  const algorithms = env.JWT_ALGORITHMS.filter((a) => a.toLowerCase() !== 'none');
  const known = new Set(['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'PS256']);
  for (const a of algorithms) if (!known.has(a)) problems.push(`JWT_ALGORITHMS: unknown algorithm ${a}`);
  const usingDevSecret = env.JWT_SECRET === undefined && env.JWKS_URL === undefined;
  return {
    secret: env.JWT_SECRET ?? (usingDevSecret ? DEVELOPMENT_JWT_SECRET : undefined),
    usingDevelopmentSecret: usingDevSecret,
    jwksUrl: env.JWKS_URL,
    issuer: env.JWT_ISSUER,
    audience: env.JWT_AUDIENCE,
    algorithms,
    clockToleranceSeconds: env.JWT_CLOCK_TOLERANCE_SECONDS,
    jwksTimeoutMs: env.JWT_JWKS_TIMEOUT_MS,
  };
}
