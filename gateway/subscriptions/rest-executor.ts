import type { FetchNode, PlanNode, QueryPlanSelectionNode } from '@apollo/query-planner';
import type { GraphQLFormattedError } from 'graphql';

type Json = Record<string, unknown>;

export interface FetchResult {
  data?: Json | null;
  errors?: readonly GraphQLFormattedError[];
}

/** Sends one subgraph operation (over HTTP, with the caller's token). */
export type SubgraphOperation = (serviceName: string, query: string, variables: Json) => Promise<FetchResult>;

/**
 * Runs the `rest` of a subscription plan for one event: the entity fetches that add fields
 * owned by other subgraphs, merged into the event's data in place. Supports the node kinds a
 * subscription plan produces (Sequence, Parallel, Flatten, Fetch, Condition); the planner refuses
 * any plan with more (planner.ts#unsupportedIn).
 */
export async function executeRest(
  node: PlanNode,
  data: Json,
  variables: Json,
  send: SubgraphOperation,
): Promise<GraphQLFormattedError[]> {
  const errors: GraphQLFormattedError[] = [];
  await run(node, [{ value: data, path: [] }], variables, send, errors);
  return errors;
}

/** An object of the event's data and its path in the client's response (for error paths). */
interface Located {
  value: unknown;
  path: ReadonlyArray<string | number>;
}

async function run(
  node: PlanNode,
  objects: Located[],
  variables: Json,
  send: SubgraphOperation,
  errors: GraphQLFormattedError[],
): Promise<void> {
  switch (node.kind) {
    case 'Sequence':
      for (const child of node.nodes) await run(child, objects, variables, send, errors);
      return;
    case 'Parallel':
      await Promise.all(node.nodes.map((child) => run(child, objects, variables, send, errors)));
      return;
    case 'Flatten':
      await run(
        node.node,
        objects.flatMap((o) => collect(o, node.path)),
        variables,
        send,
        errors,
      );
      return;
    case 'Condition': {
      const branch = variables[node.condition] ? node.ifClause : node.elseClause;
      if (branch) await run(branch, objects, variables, send, errors);
      return;
    }
    case 'Fetch':
      await fetchInto(node, objects, variables, send, errors);
      return;
    // 'Defer' and fetches with rewrites are refused when the subscription is planned (planner.ts).
  }
}

async function fetchInto(
  node: FetchNode,
  objects: Located[],
  variables: Json,
  send: SubgraphOperation,
  errors: GraphQLFormattedError[],
) {
  const vars: Json = {};
  for (const name of node.variableUsages ?? []) if (name in variables) vars[name] = variables[name];
  if (!node.requires) {
    const result = await send(node.serviceName, node.operation, vars);
    errors.push(...(result.errors ?? []));
    for (const object of objects) if (isObject(object.value) && result.data) merge(object.value, result.data);
    return;
  }
  const targets: Located[] = [];
  const representations: Json[] = [];
  for (const object of objects) {
    if (!isObject(object.value)) continue;
    const representation = select(object.value, node.requires);
    if (isObject(representation)) {
      targets.push(object);
      representations.push(representation);
    }
  }
  if (representations.length === 0) return;
  const result = await send(node.serviceName, node.operation, { ...vars, representations });
  errors.push(...(result.errors ?? []).map((error) => relocate(error, targets)));
  const entities = result.data?.['_entities'];
  if (!Array.isArray(entities)) return;
  entities.forEach((entity, i) => {
    const target = targets[i]?.value;
    if (isObject(target) && isObject(entity)) merge(target, entity);
  });
}

/** Rewrites `_entities.<i>.field` error paths to where that entity sits in the client's result. */
function relocate(error: GraphQLFormattedError, targets: readonly Located[]): GraphQLFormattedError {
  const path = error.path;
  if (!path || path[0] !== '_entities' || typeof path[1] !== 'number') return error;
  const target = targets[path[1]];
  return target ? { ...error, path: [...target.path, ...path.slice(2)] } : error;
}

/** Objects at a plan path, with their response paths; `@` steps into every element of a list. */
function collect(start: Located, path: readonly (string | number)[]): Located[] {
  let current: Located[] = [start];
  for (const step of path) {
    current =
      step === '@'
        ? current.flatMap((l) =>
            Array.isArray(l.value) ? l.value.map((value, i) => ({ value, path: [...l.path, i] })) : [],
          )
        : current
            .map((l) => ({
              value: isObject(l.value) ? l.value[String(step)] : undefined,
              path: [...l.path, step],
            }))
            .filter((l) => l.value !== undefined && l.value !== null);
  }
  return current
    .flatMap((l) =>
      Array.isArray(l.value) ? l.value.map((value, i) => ({ value, path: [...l.path, i] })) : [l],
    )
    .filter((l) => l.value !== null && l.value !== undefined);
}

/** The representation an entity fetch needs: the `requires` selection of the object. */
function select(value: unknown, selections: readonly QueryPlanSelectionNode[]): unknown {
  if (Array.isArray(value)) return value.map((v) => select(v, selections));
  if (!isObject(value)) return value;
  const out: Json = {};
  for (const selection of selections) {
    if (selection.kind === 'InlineFragment') {
      if (!selection.typeCondition || value['__typename'] === selection.typeCondition) {
        Object.assign(out, select(value, selection.selections));
      }
      continue;
    }
    const key = selection.alias ?? selection.name;
    if (!(key in value)) continue;
    out[selection.name] = selection.selections ? select(value[key], selection.selections) : value[key];
  }
  return out;
}

function merge(target: Json, source: Json): void {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    if (isObject(existing) && isObject(value)) merge(existing, value);
    else if (Array.isArray(existing) && Array.isArray(value) && existing.length === value.length) {
      value.forEach((item, i) => {
        if (isObject(existing[i]) && isObject(item)) merge(existing[i] as Json, item);
        else existing[i] = item;
      });
    } else target[key] = value;
  }
}

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
