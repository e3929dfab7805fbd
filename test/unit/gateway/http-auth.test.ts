import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { TokenVerifier } from '../../../core/auth/index.js';
import { UnauthenticatedError, UpstreamUnavailableError } from '../../../core/errors/index.js';
import { requireToken } from '../../../gateway/http-auth.js';

/** The gateway's token check in front of a handler that answers 200, with a scripted verifier. */
async function gatewayWith(
  verify: TokenVerifier,
  sandboxPage = false,
): Promise<{ url: string; close(): Promise<void> }> {
  const app = express();
  app.use('/graphql', requireToken(verify, { sandboxPage }), (_req, res) => void res.json({ data: {} }));
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('gateway token check over HTTP', () => {
  it('answers 503 UPSTREAM_UNAVAILABLE while the identity provider is down, 401 for a refused token', async () => {
    const cases = [
      [new UpstreamUnavailableError('jwks', 'keys unavailable'), 503, 'UPSTREAM_UNAVAILABLE'],
      [new UnauthenticatedError('Token expired'), 401, 'UNAUTHENTICATED'],
    ] as const;
    for (const [error, status, code] of cases) {
      const gateway = await gatewayWith(() => Promise.reject(error));
      try {
        const response = await fetch(gateway.url, { method: 'POST', headers: { authorization: 'Bearer x' } });
        expect(response.status).toBe(status);
        expect(await response.json()).toMatchObject({ errors: [{ extensions: { code } }] });
      } finally {
        await gateway.close();
      }
    }
  });

  it('lets a browser through to the Sandbox page without a token only in development', async () => {
    const refuse: TokenVerifier = () => Promise.reject(new UnauthenticatedError());
    for (const [sandboxPage, status] of [
      [true, 200],
      [false, 401],
    ] as const) {
      const gateway = await gatewayWith(refuse, sandboxPage);
      try {
        const response = await fetch(gateway.url, { headers: { accept: 'text/html' } });
        expect(response.status).toBe(status);
      } finally {
        await gateway.close();
      }
    }
  });
});
