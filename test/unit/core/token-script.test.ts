import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createTokenVerifier } from '../../../core/auth/index.js';

const run = promisify(execFile);
const SECRET = 'token-script-test-secret-long-enough-42';
const root = new URL('../../../', import.meta.url).pathname;

describe('npm run token', () => {
  it('prints a token signed with the configured secret, with the asked role, subject and lifetime', async () => {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'scripts/token.ts', '--role', 'operator', '--sub', 'alice', '--ttl', '2h'],
      {
        cwd: root,
        env: { PATH: process.env['PATH'] ?? '', JWT_SECRET: SECRET },
      },
    );
    const identity = await createTokenVerifier({ secret: SECRET })(`Bearer ${stdout.trim()}`);
    expect(identity).toMatchObject({ sub: 'alice', roles: ['operator'] });
    const hours = (identity.expiresAt!.getTime() - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(1.9);
    expect(hours).toBeLessThanOrEqual(2);
  });

  it('refuses an unknown role with a usage message and exit code 2', async () => {
    await expect(
      run(process.execPath, ['--import', 'tsx', 'scripts/token.ts', '--role', 'root'], {
        cwd: root,
        env: { PATH: process.env['PATH'] ?? '' },
      }),
    ).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('unknown role') });
  });
});
