// TLS trust and the Request-Id header, against a local HTTPS server with a self-signed certificate
// (test/unit/tws/fixtures, CN/SAN 127.0.0.1, valid for a century).
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Registry } from 'prom-client';
import { createHwaClient, type HwaClientOptions } from '../../../core/hwa/index.js';
import { captureLogger } from './support/hwa.js';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const CA_FILE = fixture('hwa-test-cert.pem');

describe('HWA client over HTTPS', () => {
  let server: Server;
  let url: string;
  const seen: Array<Record<string, string | string[] | undefined>> = [];

  beforeAll(async () => {
    server = createServer(
      { cert: readFileSync(CA_FILE), key: readFileSync(fixture('hwa-test-key.pem')) },
      (req, res) => {
        seen.push(req.headers);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ displayVersion: '10.2.5', licenseType: 'PERSERVER' }));
      },
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/twsd`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const client = (extra: Partial<HwaClientOptions>) => {
    const log = captureLogger();
    const c = createHwaClient({
      url,
      credentials: { kind: 'basic', username: 'svc', password: 's3cret' },
      timeoutMs: 2000,
      simulated: false,
      registry: new Registry(),
      logger: log.logger,
      retry: { retries: 0 },
      ...extra,
    });
    return { c, log };
  };

  it('refuses a certificate it cannot verify', async () => {
    const { c } = client({});
    try {
      await expect(c.plan.engineInfo()).rejects.toMatchObject({
        extensions: { code: 'UPSTREAM_UNAVAILABLE' },
        message: expect.stringContaining('unreachable'),
      });
    } finally {
      await c.close();
    }
  });

  it('trusts the CA bundle of TWS_CA_FILE, and sends credentials and a Request-Id', async () => {
    const { c } = client({ caFile: CA_FILE });
    try {
      seen.length = 0;
      expect((await c.forRequest('req-abc').plan.engineInfo()).displayVersion).toBe('10.2.5');
      await c.plan.engineInfo();
      expect(seen[0]).toMatchObject({
        'request-id': 'req-abc',
        authorization: `Basic ${Buffer.from('svc:s3cret').toString('base64')}`,
        accept: 'application/json',
      });
      expect(seen[1]!['request-id']).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      await c.close();
    }
  });

  it('with the insecure switch accepts any certificate, and says so loudly at start without logging the password', async () => {
    const { c, log } = client({ insecureSkipTlsVerify: true });
    try {
      expect((await c.plan.engineInfo()).licenseType).toBe('PERSERVER');
      const warning = log.lines.find((l) => String(l['msg']).includes('NOT VERIFIED'));
      expect(warning).toMatchObject({ level: 'warn' });
      expect(JSON.stringify(log.lines)).not.toContain('s3cret');
    } finally {
      await c.close();
    }
  });
});

describe('HWA client over plain HTTP', () => {
  it('warns that a real master over http:// gets the credentials in clear text', async () => {
    const log = captureLogger();
    const c = createHwaClient({
      url: 'http://hwa.example.invalid:31116/twsd',
      credentials: { kind: 'bearer', token: 'api-key-secret' },
      timeoutMs: 100,
      simulated: false,
      registry: new Registry(),
      logger: log.logger,
    });
    await c.close();
    expect(log.lines.find((l) => String(l['msg']).includes('plain http'))).toMatchObject({ level: 'warn' });
    expect(JSON.stringify(log.lines)).not.toContain('api-key-secret');
  });
});
