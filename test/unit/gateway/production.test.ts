import { randomBytes } from 'node:crypto';
import { signToken } from '../../../core/auth/index.js';
import { configFrom } from '../../../core/config/index.js';
import { silentLogger } from '../../../core/logger.js';
import { createServiceRuntime, type ServiceRuntime } from '../../../core/runtime.js';
import type { RunningServer } from '../../../core/server/index.js';
import { startGateway } from '../../../gateway/index.js';

const SECRET = 'production-test-secret-that-is-long-enough-0123456789';

/** The gateway alone, as NODE_ENV=production runs it (no subgraph is needed to refuse). */
describe('the gateway in production', () => {
  let runtime: ServiceRuntime;
  let gateway: RunningServer;
  beforeAll(async () => {
    const config = configFrom({
      NODE_ENV: 'production',
      LOG_LEVEL: 'silent',
      JWT_SECRET: SECRET,
      AUDIT_KEYS: `k1:${randomBytes(32).toString('base64')}`,
      AUDIT_ACTIVE_KEY_ID: 'k1',
      GATEWAY_PORT: '0',
    });
    runtime = createServiceRuntime(config, 'gateway', { logger: silentLogger(), defaultMetrics: false });
    gateway = await startGateway(runtime);
  });
  afterAll(() => runtime.lifecycle.stop());

  it('answers a GET asking for HTML without a token 401 UNAUTHENTICATED: there is no Sandbox page', async () => {
    // The preflight header gets it past CSRF prevention, all the way to the context.
    const response = await fetch(gateway.url, {
      headers: { accept: 'text/html', 'apollo-require-preflight': 'true' },
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
  });

  it('answers a browser GET with a token as GraphQL: a CSRF-prone request refused with 400', async () => {
    const token = await signToken({ secret: SECRET, sub: 'pat', roles: ['viewer'] });
    const response = await fetch(gateway.url, {
      headers: { accept: 'text/html', authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(400);
  });
});
