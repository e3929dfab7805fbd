// Drift checks: the generated types match the vendored OpenAPI subset, and the subset matches HCL's
// document when the source is on this machine, so the client's types are never hand-edited guesses.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { CLIENT_OPERATIONS } from '../../../core/hwa/openapi/operations.js';
import { extractClientSubset } from '../../../core/hwa/openapi/subset.js';

const subsetPath = new URL('../../../core/hwa/openapi/hwa-v2-client.json', import.meta.url);
const subset = JSON.parse(readFileSync(subsetPath, 'utf8')) as Record<string, unknown>;
const root = new URL('../../../', import.meta.url).pathname;

describe('HWA client types', () => {
  // openapi-typescript loads an ESM-only dependency that jest's CommonJS runtime cannot require,
  // so the check runs as `npm run hwa:types -- --check` does, in its own process.
  it('generated types and vendored subset are what `npm run hwa:types` produces', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'scripts/hwa-types.ts', '--check'],
      { cwd: root },
    );
    expect(stdout).toContain('up to date');
  }, 30_000);

  it('the vendored subset covers exactly the operations the client calls', () => {
    const paths = subset['paths'] as Record<string, Record<string, unknown>>;
    const vendored = Object.entries(paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    const called = CLIENT_OPERATIONS.map((o) => `${o.method} /twsd/api/v2/${o.path}`);
    expect(vendored.sort()).toEqual([...called].sort());
  });

  it('keeps every schema the operations reference, and nothing is left dangling', () => {
    const schemas = (subset['components'] as { schemas: Record<string, unknown> }).schemas;
    const refs = [...JSON.stringify(subset).matchAll(/"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.filter((r) => !(r in schemas))).toEqual([]);
    expect(Object.keys(schemas)).toEqual(
      expect.arrayContaining(['JobInPlanV2', 'JobRunInstanceV2', 'JobStreamInPlanV2', 'WorkstationInPlanV2']),
    );
  });

  it('refuses an operation the document does not define', () => {
    expect(() =>
      extractClientSubset(subset as Record<string, never>, [{ method: 'GET', path: 'plan/nothing' }]),
    ).toThrow('operations missing from the spec: GET /twsd/api/v2/plan/nothing');
  });
});
