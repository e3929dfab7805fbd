import { SignJWT } from 'jose';
import type { Role } from './roles.js';

export interface SignTokenOptions {
  secret: string;
  sub: string;
  roles: readonly Role[];
  /** Lifetime like `1h`, `15m`, `7d` (jose's time span syntax). @default '1h' */
  ttl?: string;
  issuer?: string | undefined;
  audience?: string | undefined;
}

/** Signs an HS256 token: `npm run token`, tests and benchmarks. */
export async function signToken({
  secret,
  sub,
  roles,
  ttl = '1h',
  issuer,
  audience,
}: SignTokenOptions): Promise<string> {
  let jwt = new SignJWT({ roles: [...roles] })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime(ttl);
  if (issuer) jwt = jwt.setIssuer(issuer);
  if (audience) jwt = jwt.setAudience(audience);
  return jwt.sign(new TextEncoder().encode(secret));
}
