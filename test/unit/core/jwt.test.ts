import { SignJWT, UnsecuredJWT, exportJWK, generateKeyPair } from 'jose';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTokenVerifier, hasRole, signToken } from '../../../core/auth/index.js';

const SECRET = 'unit-test-secret-that-is-long-enough-123';
const verify = createTokenVerifier({ secret: SECRET });
const bearer = (token: string) => `Bearer ${token}`;

async function expectUnauthenticated(authorization: string | undefined, reason: RegExp) {
  await expect(verify(authorization)).rejects.toMatchObject({
    extensions: { code: 'UNAUTHENTICATED' },
    message: expect.stringMatching(reason),
  });
}

describe('token verification', () => {
  it('accepts a valid HS256 token and exposes sub, roles and the raw token', async () => {
    const token = await signToken({ secret: SECRET, sub: 'alice', roles: ['operator'] });
    const identity = await verify(bearer(token));
    expect(identity).toMatchObject({ sub: 'alice', roles: ['operator'], token });
    expect(identity.expiresAt!.getTime()).toBeGreaterThan(Date.now());
  });

  it('refuses a missing or malformed header', async () => {
    await expectUnauthenticated(undefined, /Authentication required/);
    await expectUnauthenticated('', /Authentication required/);
    await expectUnauthenticated('Basic dXNlcjpwYXNz', /Malformed authorization/);
    await expectUnauthenticated('Bearer not-a-jwt', /Malformed authorization/);
    await expectUnauthenticated('Bearer aaa.bbb.ccc', /Malformed token/);
  });

  it('refuses expired tokens and tokens signed with another secret', async () => {
    const expired = await new SignJWT({ roles: ['viewer'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('alice')
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(new TextEncoder().encode(SECRET));
    await expectUnauthenticated(bearer(expired), /expired/);
    const other = await signToken({
      secret: 'another-secret-that-is-long-enough-456',
      sub: 'alice',
      roles: ['admin'],
    });
    await expectUnauthenticated(bearer(other), /signature/);
  });

  it('refuses alg none, tokens without expiry, subject or known role', async () => {
    const unsecured = new UnsecuredJWT({ roles: ['admin'] })
      .setSubject('mallory')
      .setExpirationTime('1h')
      .encode();
    await expectUnauthenticated(bearer(unsecured), /algorithm none is not accepted/);
    const key = new TextEncoder().encode(SECRET);
    const noExp = await new SignJWT({ roles: ['viewer'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('a')
      .sign(key);
    await expectUnauthenticated(bearer(noExp), /no expiry/);
    const noSub = await new SignJWT({ roles: ['viewer'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime('1h')
      .sign(key);
    await expectUnauthenticated(bearer(noSub), /no subject/);
    const noRole = await new SignJWT({ roles: ['superuser'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('a')
      .setExpirationTime('1h')
      .sign(key);
    await expectUnauthenticated(bearer(noRole), /no known role/);
  });

  it('remembers verified tokens but never past their expiry', async () => {
    const strict = createTokenVerifier({ secret: SECRET, clockToleranceSeconds: 0 });
    const exp = Math.floor(Date.now() / 1000) + 1;
    const shortLived = await new SignJWT({ roles: ['viewer'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('alice')
      .setExpirationTime(exp)
      .sign(new TextEncoder().encode(SECRET));
    const first = await strict(bearer(shortLived));
    expect(await strict(bearer(shortLived))).toBe(first);
    await new Promise((resolve) => setTimeout(resolve, exp * 1000 - Date.now() + 50));
    await expect(strict(bearer(shortLived))).rejects.toMatchObject({
      message: expect.stringMatching(/expired/),
    });
  });

  it('checks issuer and audience when configured', async () => {
    const strict = createTokenVerifier({ secret: SECRET, issuer: 'resync', audience: 'api' });
    const wrong = await signToken({
      secret: SECRET,
      sub: 'a',
      roles: ['viewer'],
      issuer: 'evil',
      audience: 'api',
    });
    await expect(strict(bearer(wrong))).rejects.toMatchObject({ message: expect.stringMatching(/"iss"/) });
    const right = await signToken({
      secret: SECRET,
      sub: 'a',
      roles: ['viewer'],
      issuer: 'resync',
      audience: 'api',
    });
    await expect(strict(bearer(right))).resolves.toMatchObject({ sub: 'a' });
  });

  describe('JWKS (RS256 / ES256 from an identity provider)', () => {
    let server: Server;
    let jwksUrl: string;
    let privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
    /** How the identity provider answers: its keys, nothing at all, an error page, or garbage. */
    let mode: 'keys' | 'hang' | '503' | 'not-a-key-set' = 'keys';

    beforeAll(async () => {
      const pair = await generateKeyPair('ES256');
      privateKey = pair.privateKey;
      const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
      server = createServer((_req, res) => {
        if (mode === 'hang') return;
        if (mode === '503') return void res.writeHead(503).end('<html>down</html>');
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(mode === 'keys' ? { keys: [jwk] } : { keys: 'none' }));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
    });
    afterAll(async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });
    afterEach(() => {
      mode = 'keys';
    });
    const es256 = (kid = 'k1') =>
      new SignJWT({ roles: ['admin'] })
        .setProtectedHeader({ alg: 'ES256', kid })
        .setSubject('idp-user')
        .setExpirationTime('5m')
        .sign(privateKey);

    it('verifies an ES256 token against the JWKS and refuses HS256 when no secret is set', async () => {
      const jwksOnly = createTokenVerifier({ jwksUrl });
      const token = await new SignJWT({ roles: ['admin'] })
        .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
        .setSubject('idp-user')
        .setExpirationTime('5m')
        .sign(privateKey);
      await expect(jwksOnly(bearer(token))).resolves.toMatchObject({ sub: 'idp-user', roles: ['admin'] });
      const hs = await signToken({ secret: SECRET, sub: 'a', roles: ['admin'] });
      await expect(jwksOnly(bearer(hs))).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    });

    it('answers UPSTREAM_UNAVAILABLE, not UNAUTHENTICATED, while the identity provider cannot give its keys', async () => {
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const port = (closed.address() as AddressInfo).port;
      await new Promise((resolve) => closed.close(resolve));
      const unavailable = { extensions: { code: 'UPSTREAM_UNAVAILABLE', upstream: 'jwks' } };

      const refused = createTokenVerifier({ jwksUrl: `http://127.0.0.1:${port}/jwks.json` });
      await expect(refused(bearer(await es256()))).rejects.toMatchObject(unavailable);
      for (const down of ['hang', '503', 'not-a-key-set'] as const) {
        mode = down;
        const verifier = createTokenVerifier({ jwksUrl, jwksTimeoutMs: 200 });
        await expect(verifier(bearer(await es256()))).rejects.toMatchObject(unavailable);
      }
    });

    it('still refuses a token whose key the identity provider does not have', async () => {
      const verifier = createTokenVerifier({ jwksUrl });
      await expect(verifier(bearer(await es256('unknown-kid')))).rejects.toMatchObject({
        extensions: { code: 'UNAUTHENTICATED' },
        message: expect.stringMatching(/No signing key/),
      });
    });
  });
});

describe('roles', () => {
  it('are cumulative', () => {
    expect(hasRole(['admin'], 'operator')).toBe(true);
    expect(hasRole(['operator'], 'viewer')).toBe(true);
    expect(hasRole(['viewer'], 'operator')).toBe(false);
    expect(hasRole([], 'viewer')).toBe(false);
  });
});
