// `npm run hwa:types [-- path/to/openapi-v2.json]`: re-extracts the client's subset of HCL's OpenAPI
// document into core/hwa/openapi/hwa-v2-client.json and regenerates core/hwa/generated/hwa-v2.d.ts.
// Without a source document (a fresh machine) it only regenerates the types from the vendored subset.
// `--check` writes nothing and exits 1 when either file differs from what would be generated.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { CLIENT_OPERATIONS } from '../core/hwa/openapi/operations.js';
import { extractClientSubset } from '../core/hwa/openapi/subset.js';
import { renderHwaTypes } from './hwa-types-render.js';

const DEFAULT_SOURCE = '/work/shared/hwa/openapi-v2.json';
const subsetPath = fileURLToPath(new URL('../core/hwa/openapi/hwa-v2-client.json', import.meta.url));
const typesPath = fileURLToPath(new URL('../core/hwa/generated/hwa-v2.d.ts', import.meta.url));

const args = process.argv.slice(2);
const check = args.includes('--check');
const explicit = args.find((a) => !a.startsWith('--'));
const source = explicit ?? DEFAULT_SOURCE;
if (explicit !== undefined && !existsSync(explicit)) throw new Error(`${explicit} does not exist`);

const stale: string[] = [];
const emit = (path: string, content: string) => {
  const current = existsSync(path) ? readFileSync(path, 'utf8') : '';
  if (current === content) return;
  if (check) stale.push(path);
  else {
    writeFileSync(path, content);
    process.stdout.write(`wrote ${path}\n`);
  }
};

if (existsSync(source)) {
  const spec = JSON.parse(readFileSync(source, 'utf8')) as Record<string, never>;
  const subset = extractClientSubset(spec, CLIENT_OPERATIONS);
  const options = (await resolveConfig(subsetPath)) ?? {};
  emit(subsetPath, await format(JSON.stringify(subset), { ...options, parser: 'json' }));
} else {
  process.stdout.write(`${source} not found: checking the types against the vendored subset only\n`);
}
const subset = JSON.parse(readFileSync(subsetPath, 'utf8')) as Record<string, unknown>;
emit(typesPath, await renderHwaTypes(subset));

if (stale.length > 0) {
  process.stderr.write(`out of date (run npm run hwa:types):\n  ${stale.join('\n  ')}\n`);
  process.exit(1);
}
process.stdout.write(check ? 'HWA client subset and types are up to date\n' : 'done\n');
