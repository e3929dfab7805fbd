/**
 * `npm run codegen`: the typed client SDK.
 *   1. schema/api.graphql — the API schema derived from the committed supergraph (formatted);
 *   2. schema/generated/graphql.ts — GraphQL Code Generator (codegen.ts) over that schema and
 *      the operations in schema/operations/*.graphql.
 * `--out-dir <dir>` writes both under <dir>/schema/ instead (the drift check compares them with
 * the committed files). Run `npm run compose` first when a subgraph's schema changed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generate } from '@graphql-codegen/cli';
import { format, resolveConfig } from 'prettier';
import config from '../schema/codegen.config.js';
import { loadSupergraphSdl } from '../gateway/supergraph.js';
import { API_SCHEMA_PATH, apiSchemaSdl } from '../schema/api-schema.js';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const { values } = parseArgs({ options: { 'out-dir': { type: 'string' } }, strict: true });
const outDir = values['out-dir'] ? resolve(values['out-dir']) : root;

const write = (relative: string, content: string) => {
  const file = join(outDir, relative);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
  return file;
};

const apiPath = fileURLToPath(API_SCHEMA_PATH);
const prettier = await resolveConfig(apiPath);
const apiSchema = write(
  relative(root, apiPath),
  await format(apiSchemaSdl(loadSupergraphSdl()), { ...prettier, parser: 'graphql' }),
);

// Same configuration as `graphql-codegen --config codegen.ts`, with absolute paths so the
// output directory can move and the working directory does not matter.
const generates = Object.fromEntries(
  Object.entries(config.generates).map(([target, output]) => [join(outDir, target), output]),
);
const outputs: Array<{ filename: string; content: string }> = await generate(
  {
    ...config,
    cwd: root,
    schema: apiSchema,
    documents: join(root, 'schema/operations/*.graphql'),
    generates,
  },
  false,
);
for (const output of outputs) write(relative(outDir, output.filename), output.content);
const written = [apiSchema, ...outputs.map((o) => o.filename)].map((f) => relative(outDir, f));
process.stdout.write(`${written.join(', ')} written under ${outDir}\n`);
