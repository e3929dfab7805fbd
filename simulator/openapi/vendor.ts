// `npx tsx simulator/openapi/vendor.ts /work/shared/hwa/openapi-v2.json && npx prettier --write simulator/openapi`
// rewrites hwa-v2-subset.json (the conformance test fails when it drifts from the source spec).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { API_ROUTES } from '../simulator.js';
import { extractSubset } from './extract.js';

const source = process.argv[2] ?? '/work/shared/hwa/openapi-v2.json';
const spec = JSON.parse(readFileSync(source, 'utf8')) as Record<string, never>;
const subset = extractSubset(spec, API_ROUTES);
const target = fileURLToPath(new URL('./hwa-v2-subset.json', import.meta.url));
writeFileSync(target, `${JSON.stringify(subset, null, 2)}\n`);
process.stdout.write(`wrote ${target} (${Object.keys(subset['paths'] as object).length} paths)\n`);
