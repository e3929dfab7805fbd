// `npm run hwa:types [-- path/to/openapi-v2.json]`: re-extracts the client's subset of HCL's OpenAPI
// document into core/hwa/openapi/hwa-v2-client.json and regenerates core/hwa/generated/hwa-v2.d.ts.
// Without a source document (a fresh machine) it only regenerates the types from the vendored subset.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CLIENT_OPERATIONS } from '../core/hwa/openapi/operations.js';
import { extractClientSubset } from '../core/hwa/openapi/subset.js';
import { format, resolveConfig } from 'prettier';
import { renderHwaTypes } from './hwa-types-render.js';

const DEFAULT_SOURCE = '/work/shared/hwa/openapi-v2.json';
const subsetPath = fileURLToPath(new URL('../core/hwa/openapi/hwa-v2-client.json', import.meta.url));
const typesPath = fileURLToPath(new URL('../core/hwa/generated/hwa-v2.d.ts', import.meta.url));

const source = process.argv[2] ?? DEFAULT_SOURCE;
if (existsSync(source)) {
  const spec = JSON.parse(readFileSync(source, 'utf8')) as Record<string, never>;
  const subset = extractClientSubset(spec, CLIENT_OPERATIONS);
  const options = (await resolveConfig(subsetPath)) ?? {};
  writeFileSync(subsetPath, await format(JSON.stringify(subset), { ...options, parser: 'json' }));
  process.stdout.write(`wrote ${subsetPath} (${Object.keys(subset['paths'] as object).length} paths)\n`);
} else if (process.argv[2] !== undefined) {
  throw new Error(`${source} does not exist`);
}
const subset = JSON.parse(readFileSync(subsetPath, 'utf8')) as Record<string, unknown>;
writeFileSync(typesPath, await renderHwaTypes(subset));
process.stdout.write(`wrote ${typesPath}\n`);
