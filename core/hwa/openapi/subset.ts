import { API_PREFIX } from './operations.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const SCHEMA_REF = '#/components/schemas/';

function collectRefs(node: Json, out: Set<string>): void {
  if (Array.isArray(node)) {
    for (const child of node) collectRefs(child, out);
  } else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith(SCHEMA_REF))
        out.add(value.slice(SCHEMA_REF.length));
      else collectRefs(value, out);
    }
  }
}

/**
 * Cuts HCL's OpenAPI document (729 KB, 215 paths) down to the operations the client calls and
 * every schema they reference, transitively. Types are generated from this subset, so they are
 * HCL's definitions verbatim, not hand-typed guesses, without 700 KB of unused declarations.
 */
export function extractClientSubset(
  spec: JsonObject,
  operations: ReadonlyArray<{ method: string; path: string }>,
): JsonObject {
  const paths = spec['paths'] as JsonObject;
  const components = spec['components'] as JsonObject;
  const schemas = components['schemas'] as JsonObject;
  const outPaths: JsonObject = {};
  const missing: string[] = [];
  for (const { method, path } of operations) {
    const full = `${API_PREFIX}/${path}`;
    const operation = (paths[full] as JsonObject | undefined)?.[method.toLowerCase()] as
      JsonObject | undefined;
    if (!operation) {
      missing.push(`${method} ${full}`);
      continue;
    }
    const target = (outPaths[full] ??= {}) as JsonObject;
    const kept: JsonObject = {};
    for (const field of ['parameters', 'requestBody', 'responses'])
      if (operation[field] !== undefined) kept[field] = operation[field];
    target[method.toLowerCase()] = kept;
  }
  if (missing.length > 0) throw new Error(`operations missing from the spec: ${missing.join(', ')}`);

  const needed = new Set<string>();
  collectRefs(outPaths, needed);
  const queue = [...needed];
  while (queue.length > 0) {
    const found = new Set<string>();
    collectRefs(schemas[queue.pop()!] ?? null, found);
    for (const name of found) {
      if (needed.has(name)) continue;
      needed.add(name);
      queue.push(name);
    }
  }
  const outSchemas: JsonObject = {};
  for (const name of [...needed].sort()) {
    if (!(name in schemas)) throw new Error(`schema ${name} is referenced but not defined`);
    outSchemas[name] = schemas[name]!;
  }
  return {
    openapi: spec['openapi'] ?? '3.1.0',
    info: {
      ...(spec['info'] as JsonObject),
      'x-vendored':
        'Subset of the HCL Workload Automation REST API V2 for the operations core/hwa calls. Regenerate with `npm run hwa:types`.',
    },
    ...(components['securitySchemes']
      ? { components: { securitySchemes: components['securitySchemes'], schemas: outSchemas } }
      : { components: { schemas: outSchemas } }),
    paths: outPaths,
  };
}
