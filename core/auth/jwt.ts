import { LRUCache } from 'lru-cache';
import {
  createRemoteJWKSet,
  decodeProtectedHeader,
  errors as joseErrors,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import { ResyncError, UnauthenticatedError, UpstreamUnavailableError } from '../errors/index.js';
import { isRole, type Identity, type Role } from './roles.js';

export interface TokenVerifierOptions {
  /** HS256 shared secret. */
  secret?: string | undefined;
  /** JWKS endpoint for RS256/ES256 tokens from an identity provider. */
  jwksUrl?: string | undefined;
  /** Deadline for fetching the JWKS. @default 3000 */
  jwksTimeoutMs?: number;
  issuer?: string | undefined;
  audience?: string | undefined;
  /** Accepted algorithms. `none` is always refused. @default ['HS256','RS256','ES256'] */
  algorithms?: readonly string[];
  /** @default 5 */
  clockToleranceSeconds?: number;
  /**
   * Verified tokens remembered (by their exact text) so a token reused across requests is not
   * re-verified every time: WebCrypto verification costs more than the rest of a small request,
   * and the gateway and every subgraph each verify. Entries never outlive the token's `exp`.
   * @default 10000
   */
  cacheSize?: number;
  /** Upper bound on how long a verification is remembered. @default 60000 */
  cacheTtlMs?: number;
}

export type TokenVerifier = (authorization: string | undefined | null) => Promise<Identity>;

const BEARER = /^Bearer\s+([A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]*)\s*$/i;

/**
 * Builds the verifier every service uses (gateway and each subgraph verify independently).
 * A refused token is UNAUTHENTICATED with a short reason (the token itself is never echoed); an
 * unreachable identity provider is UPSTREAM_UNAVAILABLE, so clients retry instead of logging in again.
 */
export function createTokenVerifier({
  secret,
  jwksUrl,
  jwksTimeoutMs = 3000,
  issuer,
  audience,
  algorithms = ['HS256', 'RS256', 'ES256'],
  clockToleranceSeconds = 5,
  cacheSize = 10_000,
  cacheTtlMs = 60_000,
}: TokenVerifierOptions): TokenVerifier {
  const verified = new LRUCache<string, Identity>({
    max: Math.max(1, cacheSize),
    ttl: cacheTtlMs,
    ttlAutopurge: false,
  });
  const allowed = algorithms.filter((a) => a.toLowerCase() !== 'none');
  const symmetric = allowed.filter((a) => a.startsWith('HS'));
  const asymmetric = allowed.filter((a) => !a.startsWith('HS'));
  const key = secret === undefined ? undefined : new TextEncoder().encode(secret);
  const jwks = jwksUrl === undefined ? undefined : remoteKeys(new URL(jwksUrl), jwksTimeoutMs);
  const common = {
    clockTolerance: clockToleranceSeconds,
    ...(issuer ? { issuer } : {}),
    ...(audience ? { audience } : {}),
  };

  return async (authorization) => {
    if (authorization === undefined || authorization === null || authorization.trim() === '') {
      throw new UnauthenticatedError();
    }
    const match = BEARER.exec(authorization);
    if (!match) throw new UnauthenticatedError('Malformed authorization header: expected "Bearer <JWT>"');
    const token = match[1]!;
    const known = verified.get(token);
    if (known && (known.expiresAt === undefined || known.expiresAt.getTime() > Date.now())) return known;
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      throw new UnauthenticatedError('Malformed token');
    }
    if (alg === undefined || !allowed.includes(alg)) {
      throw new UnauthenticatedError(`Token algorithm ${alg ?? '(none)'} is not accepted`);
    }
    let payload: JWTPayload;
    try {
      if (alg.startsWith('HS')) {
        if (!key) throw new UnauthenticatedError('Symmetric tokens are not accepted here');
        ({ payload } = await jwtVerify(token, key, { ...common, algorithms: symmetric }));
      } else {
        if (!jwks) throw new UnauthenticatedError('Asymmetric tokens need JWKS_URL to be configured');
        ({ payload } = await jwtVerify(token, jwks, { ...common, algorithms: asymmetric }));
      }
    } catch (error) {
      throw error instanceof ResyncError ? error : toUnauthenticated(error);
    }
    const identity = identityFrom(payload, token);
    const remaining = identity.expiresAt ? identity.expiresAt.getTime() - Date.now() : cacheTtlMs;
    if (remaining > 0) verified.set(token, identity, { ttl: Math.min(cacheTtlMs, remaining) });
    return identity;
  };
}

function identityFrom(payload: JWTPayload, token: string): Identity {
  if (typeof payload.sub !== 'string' || payload.sub.length === 0) {
    throw new UnauthenticatedError('Token has no subject');
  }
  if (payload.exp === undefined) throw new UnauthenticatedError('Token has no expiry');
  const claimed: unknown = payload['roles'];
  const roles: Role[] = Array.isArray(claimed) ? claimed.filter(isRole) : [];
  if (roles.length === 0) throw new UnauthenticatedError('Token carries no known role');
  return Object.freeze({
    sub: payload.sub,
    roles: Object.freeze([...new Set(roles)]),
    token,
    expiresAt: new Date(payload.exp * 1000),
  });
}

function toUnauthenticated(error: unknown): UnauthenticatedError {
  if (error instanceof UnauthenticatedError) return error;
  if (error instanceof joseErrors.JWTExpired)
    return new UnauthenticatedError('Token expired', { cause: error });
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) {
    return new UnauthenticatedError('Token signature is invalid', { cause: error });
  }
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    return new UnauthenticatedError(`Token claim "${error.claim}" is invalid`, { cause: error });
  }
  if (error instanceof joseErrors.JWKSNoMatchingKey) {
    return new UnauthenticatedError('No signing key found for the token', { cause: error });
  }
  return new UnauthenticatedError('Invalid token', { cause: error });
}

/**
 * The identity provider's keys (fetched once, cached and refreshed by jose). A failure to get
 * them is the provider's, not the token's: a timeout, a refused connection (fetch throws a
 * non-JOSE error), an answer other than 200 or unparsable JSON (jose's generic error), or a
 * body that is no key set.
 */
function remoteKeys(url: URL, timeoutDuration: number): JWTVerifyGetKey {
  const keys = createRemoteJWKSet(url, { timeoutDuration });
  return async (header, token) => {
    try {
      return await keys(header, token);
    } catch (error) {
      const fromProvider =
        !(error instanceof joseErrors.JOSEError) ||
        error instanceof joseErrors.JWKSTimeout ||
        error instanceof joseErrors.JWKSInvalid ||
        error.code === 'ERR_JOSE_GENERIC';
      if (!fromProvider) throw error;
      const reason =
        error instanceof joseErrors.JWKSTimeout
          ? `no answer within ${timeoutDuration} ms`
          : (error as Error).message;
      throw new UpstreamUnavailableError('jwks', `The identity provider's keys are unavailable: ${reason}`, {
        cause: error,
      });
    }
  };
}
