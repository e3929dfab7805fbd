// Extracts, from HCL's OpenAPI 3.1 document, the operations the simulator serves and every component
// schema they reference (transitively). The vendored result (hwa-v2-subset.json) lets the conformance
// test check responses against HCL's own definitions without the 729 KB original.

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

export interface RouteRef {
  method: string;
  /** Relative to /twsd/api/v2, e.g. `plan/job/{job_id}`. */
  path: string;
}

export const API_PREFIX = '/twsd/api/v2';

function collectRefs(node: Json, out: Set<string>): void {
  if (Array.isArray(node)) node.forEach((n) => collectRefs(n, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith('#/components/schemas/'))
        out.add(v.slice('#/components/schemas/'.length));
      else collectRefs(v, out);
    }
  }
}

export function extractSubset(spec: Obj, routes: readonly RouteRef[]): Obj {
  const paths = spec['paths'] as Obj;
  const schemas = (spec['components'] as Obj)['schemas'] as Obj;
  const outPaths: Obj = {};
  const missing: string[] = [];
  for (const r of routes) {
    const full = `${API_PREFIX}/${r.path}`;
    const op = (paths[full] as Obj | undefined)?.[r.method.toLowerCase()] as Obj | undefined;
    if (!op) {
      missing.push(`${r.method} ${full}`);
      continue;
    }
    const target = (outPaths[full] ??= {}) as Obj;
    const kept: Obj = { responses: op['responses'] ?? {} };
    if (op['parameters']) kept['parameters'] = op['parameters'];
    if (op['requestBody']) kept['requestBody'] = op['requestBody'];
    target[r.method.toLowerCase()] = kept;
  }
  if (missing.length) throw new Error(`operations not in the spec: ${missing.join(', ')}`);
  const needed = new Set<string>();
  collectRefs(outPaths, needed);
  const queue = [...needed];
  while (queue.length) {
    const name = queue.pop() as string;
    const found = new Set<string>();
    collectRefs(schemas[name] ?? null, found);
    for (const f of found) {
      if (needed.has(f)) continue;
      needed.add(f);
      queue.push(f);
    }
  }
  const outSchemas: Obj = {};
  for (const name of [...needed].sort()) {
    if (!(name in schemas)) throw new Error(`schema ${name} referenced but not defined`);
    outSchemas[name] = schemas[name] as Json;
  }
  return {
    openapi: spec['openapi'] ?? '3.1.0',
    info: {
      ...(spec['info'] as Obj),
      'x-vendored':
        'Subset of HCL Workload Automation REST API V2 (10.1.0.1) for the operations the simulator serves; regenerate with `npx tsx simulator/openapi/vendor.ts <openapi-v2.json>`.',
    },
    paths: outPaths,
    components: { schemas: outSchemas },
  };
}
