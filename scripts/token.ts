/**
 * `npm run token -- --role operator --sub alice --ttl 1h` prints a development token signed
 * with the configured secret (JWT_SECRET, or the development default outside production).
 */
import { parseArgs } from 'node:util';
import { isRole, signToken, type Role } from '../core/auth/index.js';
import { loadConfigOrExit } from '../core/config/index.js';

function fail(message: string): never {
  process.stderr.write(
    `${message}\nusage: npm run token -- --role <viewer|operator|admin> [--sub NAME] [--ttl 1h]\n`,
  );
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      role: { type: 'string', multiple: true },
      sub: { type: 'string', default: 'dev-user' },
      ttl: { type: 'string', default: '1h' },
    },
    strict: true,
  }));
} catch (error) {
  fail((error as Error).message);
}

const roles = (values.role ?? ['viewer']).flatMap((r) => r.split(','));
if (!roles.every(isRole)) fail(`unknown role in: ${roles.join(', ')}`);
if (!/^\d+\s*[smhdw]$/.test(values.ttl)) fail(`--ttl must look like 30m, 1h or 7d (got ${values.ttl})`);

const config = loadConfigOrExit();
if (!config.auth.secret)
  fail('No JWT_SECRET is configured (tokens for a JWKS identity provider come from that provider)');
const token = await signToken({
  secret: config.auth.secret,
  sub: values.sub,
  roles: roles as Role[],
  ttl: values.ttl,
  issuer: config.auth.issuer,
  audience: config.auth.audience,
});
process.stdout.write(`${token}\n`);
