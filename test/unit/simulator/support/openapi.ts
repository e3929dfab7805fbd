// Validates simulator responses against HCL's OpenAPI 3.1 schemas (vendored subset of
// /work/shared/hwa/openapi-v2.json) with ajv (JSON Schema 2020-12). Three documented adjustments make the
// check *stricter* or make HCL's extract usable, never looser on field names:
//  1. every object schema with `properties` and no `additionalProperties` gets
//     `unevaluatedProperties: false`, so an invented field fails (the extract allows anything);
//  2. the polymorphic `oneOf`s (DependencyInPlanV2 by dependencyType, FlowNodeInPlanV2 by flowNodeType)
//     are resolved by their discriminator, as Jackson does; a plain `oneOf` matches several branches
//     because HCL's branches do not exclude each other;
//  3. `minimum: 0, maximum: 0` pairs on ints (JobStream.priority, Workstation.tcpPort, ...) are dropped:
//     an artefact of the extraction (bounds without values), not a real constraint.
//  The spec's `local-time` format (LocalTime) is registered as HH:mm[:ss].
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import formatsPlugin from 'ajv-formats';

// ajv-formats is CommonJS with `exports.default`; under NodeNext the default import is the module object.
type AddFormats = (ajv: Ajv2020) => Ajv2020;
const addFormats = ((formatsPlugin as unknown as { default?: AddFormats }).default ??
  formatsPlugin) as unknown as AddFormats;

type Obj = { [key: string]: unknown };

function obj(value: unknown): Obj {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : {};
}

export const SUBSET_PATH = resolve(__dirname, '../../../../simulator/openapi/hwa-v2-subset.json');
export const SOURCE_SPEC_PATH = '/work/shared/hwa/openapi-v2.json';
const BASE = 'https://hwa.simulator.test/spec';

const DISCRIMINATORS: Record<string, { property: string; mapping: Record<string, string> }> = {
  DependencyInPlanV2: {
    property: 'dependencyType',
    mapping: {
      INTERNAL: 'InternalDependencyInPlanV2',
      EXTERNAL_JOB: 'ExternalJobDependencyInPlanV2',
      EXTERNAL_JOBSTREAM: 'ExternalJobStreamDependencyInPlanV2',
      JOIN: 'JoinDependencyInPlanV2',
      FILE: 'FileDependencyInPlanV2',
      INTERNETWORK: 'InternetworkDependencyInPlanV2',
      RESOURCE: 'ResourceDependencyInPlanV2',
      PROMPT: 'PromptDependencyInPlanV2',
    },
  },
  FlowNodeInPlanV2: {
    property: 'flowNodeType',
    mapping: { JOB: 'JobInPlanV2', JOBSTREAM: 'JobStreamInPlanV2' },
  },
};

function strictify(value: unknown): void {
  if (Array.isArray(value)) return value.forEach(strictify);
  if (!value || typeof value !== 'object') return;
  const node = value as Obj;
  if (node['minimum'] === 0 && node['maximum'] === 0) {
    delete node['minimum'];
    delete node['maximum'];
  }
  if (
    node['properties'] &&
    typeof node['properties'] === 'object' &&
    node['additionalProperties'] === undefined
  )
    node['unevaluatedProperties'] = false;
  for (const v of Object.values(node)) strictify(v);
}

function resolveDiscriminators(schemas: Obj): void {
  for (const [name, d] of Object.entries(DISCRIMINATORS)) {
    const schema = obj(schemas[name]);
    const branches = ((schema['oneOf'] ?? []) as Obj[]).map((b) => String(b['$ref']).split('/').pop() ?? '');
    if (branches.sort().join() !== Object.values(d.mapping).sort().join())
      throw new Error(`${name}: the spec's oneOf changed: ${branches.join(', ')}`);
    delete schema['oneOf'];
    schema['required'] = [...new Set([...((schema['required'] ?? []) as string[]), d.property])];
    schema['allOf'] = Object.entries(d.mapping).map(([value, target]) => ({
      if: { properties: { [d.property]: { const: value } }, required: [d.property] },
      then: { $ref: `#/components/schemas/${target}` },
    }));
  }
}

export function loadSubset(): { [key: string]: unknown } {
  return JSON.parse(readFileSync(SUBSET_PATH, 'utf8'));
}

export interface ResponseValidator {
  /** Errors (empty when valid) of `body` as the `status` response of `method path` (spec path template). */
  validate(method: string, pathTemplate: string, status: number, body: unknown): string[];
  /** The spec's response schema ref name, for messages. */
  schemaName(method: string, pathTemplate: string, status: number): string;
}

export function createValidator(spec: Obj = loadSubset()): ResponseValidator {
  const doc = structuredClone(spec);
  const components = obj(doc['components']);
  strictify(components['schemas']);
  resolveDiscriminators(obj(components['schemas']));
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addFormat('local-time', /^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/);
  ajv.addSchema({ $id: BASE, components }, BASE);
  const responseSchema = (method: string, path: string, status: number): Obj => {
    const op = obj(obj(obj(doc['paths'])[`/twsd/api/v2/${path}`])[method.toLowerCase()]);
    if (!op['responses']) throw new Error(`no operation ${method} ${path} in the spec`);
    const content = obj(obj(obj(op['responses'])[String(status)])['content']);
    const media = obj(content['application/json'] ?? content['text/plain; charset=utf-8']);
    if (!media['schema']) throw new Error(`the spec documents no ${status} body for ${method} ${path}`);
    return obj(media['schema']);
  };
  const cache = new Map<string, ReturnType<typeof ajv.compile>>();
  return {
    schemaName: (method, path, status) => {
      const s = responseSchema(method, path, status);
      return typeof s['$ref'] === 'string' ? (s['$ref'].split('/').pop() ?? s['$ref']) : JSON.stringify(s);
    },
    validate: (method, path, status, body) => {
      const key = `${method} ${path} ${status}`;
      let validate = cache.get(key);
      if (!validate) {
        const s = responseSchema(method, path, status);
        // Inline schemas may hold document-relative $refs: rebase them on the spec document.
        const rebased: unknown = JSON.parse(
          JSON.stringify(s).replaceAll('"#/components/', `"${BASE}#/components/`),
        );
        strictify(rebased);
        validate = ajv.compile(obj(rebased));
        cache.set(key, validate);
      }
      if (validate(body)) return [];
      return (validate.errors ?? [])
        .slice(0, 10)
        .map((e: ErrorObject) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
    },
  };
}
