import { readFileSync } from 'node:fs';
import { KNOWN_ENV_VARS } from '../../../core/config/index.js';
import { collectVariables, ENV_EXAMPLE_PATH, renderEnvExample } from '../../../deploy/env-example.js';

describe('.env.example', () => {
  it('is up to date with core/config (regenerate with `npx tsx deploy/env-example.ts`)', () => {
    expect(readFileSync(ENV_EXAMPLE_PATH, 'utf8')).toBe(renderEnvExample());
  });

  it('documents every variable of the config schema exactly once, and nothing else', () => {
    const listed = [...readFileSync(ENV_EXAMPLE_PATH, 'utf8').matchAll(/^(?:# )?([A-Z][A-Z0-9_]*)=/gm)].map(
      (m) => m[1],
    );
    expect([...listed].sort()).toEqual([...KNOWN_ENV_VARS].sort());
  });

  it('takes each description from the section file and each default from the schema', () => {
    const byName = Object.fromEntries(collectVariables().map((v) => [v.name, v]));
    expect(byName['RATE_LIMIT_USER_REQUESTS']).toMatchObject({
      section: 'edge',
      fallback: '600',
      doc: expect.stringContaining('per user per window'),
    });
    expect(byName['GATEWAY_TRUST_PROXY']).toMatchObject({ fallback: 'loopback' });
    expect(byName['GATEWAY_MAX_BODY_BYTES']).toMatchObject({
      section: 'gateway',
      fallback: String(1536 * 1024),
    });
    expect(byName['REDIS_URL']).toMatchObject({ section: 'redis', fallback: '' });
  });
});
