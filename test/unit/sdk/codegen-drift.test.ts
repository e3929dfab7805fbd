import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildSchema, parse, validate } from 'graphql';

// The committed SDK must be what `npm run codegen` produces now: a changed operation or a new
// supergraph without a regenerated SDK fails here (regenerate with `npm run codegen`).
const root = join(__dirname, '../../..');
const run = promisify(execFile);

describe('npm run codegen', () => {
  let outDir: string;
  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'resync-codegen-'));
    await run(
      process.execPath,
      [join(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/codegen.ts', '--out-dir', outDir],
      { cwd: root },
    );
  }, 60_000);
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  const committed = (file: string) => readFileSync(join(root, file), 'utf8');
  const regenerated = (file: string) => readFileSync(join(outDir, file), 'utf8');

  it('leaves schema/api.graphql unchanged: the API schema of schema/supergraph.graphql (else run `npm run codegen`)', () => {
    expect(regenerated('schema/api.graphql') === committed('schema/api.graphql')).toBe(true);
  });

  it('leaves every file of schema/generated unchanged (else run `npm run codegen`)', () => {
    const files = readdirSync(join(root, 'schema/generated'));
    expect(readdirSync(join(outDir, 'schema/generated')).sort()).toEqual(files.sort());
    for (const file of files) {
      expect([
        file,
        regenerated(`schema/generated/${file}`) === committed(`schema/generated/${file}`),
      ]).toEqual([file, true]);
    }
  });

  it('serves clients the API schema, not the federation machinery of the supergraph', () => {
    const api = committed('schema/api.graphql');
    expect(api).not.toMatch(/join__|link__|_entities|_service/);
    // Codegen validates the same way; this names the offending operation when it fails.
    const operations = readdirSync(join(root, 'schema/operations')).map((file) =>
      committed(`schema/operations/${file}`),
    );
    const errors = validate(buildSchema(api), parse(operations.join('\n')));
    expect(errors.map((e) => e.message)).toEqual([]);
  });
});
