// HTTP Basic and Bearer authentication (the spec's `Basic` and `JWT` schemes, NOTES §1.2). Bearer tokens
// are opaque strings compared with a configured list; nothing is decoded or verified as a JWT.
import { createHash, timingSafeEqual } from 'node:crypto';

export interface Credentials {
  users: ReadonlyArray<{ username: string; password: string }>;
  bearerTokens: readonly string[];
}

function same(a: string, b: string): boolean {
  // Hash first so the comparison is constant-time whatever the lengths.
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

/** The authenticated principal, or undefined when the header is missing or wrong. */
export function authenticate(header: string | undefined, creds: Credentials): string | undefined {
  if (!header) return undefined;
  const space = header.indexOf(' ');
  if (space < 0) return undefined;
  const scheme = header.slice(0, space).toLowerCase();
  const value = header.slice(space + 1).trim();
  if (scheme === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    const username = decoded.slice(0, colon);
    const password = decoded.slice(colon + 1);
    let match: string | undefined;
    for (const user of creds.users)
      if (same(user.username, username) && same(user.password, password)) match = user.username;
    return match;
  }
  if (scheme === 'bearer') {
    let ok = false;
    for (const token of creds.bearerTokens) if (same(token, value)) ok = true;
    return ok ? 'bearer' : undefined;
  }
  return undefined;
}
