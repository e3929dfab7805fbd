// Compares a fresh snapshot with what Neo4j holds (fingerprints only) and decides the writes:
// what to create or update, what to remove, what is unchanged. Pure, unit-tested.
import { fingerprint, storedProps } from '../model/fingerprint.js';
import {
  DECLARED_DEPENDENCY_TYPES,
  edgeKindOf,
  type EdgeKind,
  type GraphSnapshot,
  type NodeLabel,
} from '../model/types.js';

export interface SyncCounts {
  workstations: number;
  jobStreams: number;
  jobs: number;
  resources: number;
  prompts: number;
  /** Declared dependencies: DEPENDS_ON, NEEDS, ASKS. */
  dependencies: number;
  /** Every relationship, derived WAITS_FOR included. */
  relationships: number;
}

export type ChangeKind = 'created' | 'updated' | 'removed' | 'unchanged';

/** What Neo4j holds for one graph namespace: fingerprints keyed like the snapshot. */
export interface StoredGraph {
  nodes: ReadonlyMap<string, { label: NodeLabel; id: string; hash: string }>;
  edges: ReadonlyMap<string, { kind: EdgeKind; from: string; hash: string }>;
}

export interface NodeWrite {
  id: string;
  props: Record<string, unknown>;
  hash: string;
}

export interface EdgeWrite {
  from: string;
  to: string;
  key: string;
  props: Record<string, unknown>;
  hash: string;
}

export interface SyncPlan {
  /** New nodes: CREATE (the (graph, id) constraint turns a concurrent writer into a loud failure). */
  nodeCreates: Map<NodeLabel, NodeWrite[]>;
  nodeUpdates: Map<NodeLabel, NodeWrite[]>;
  nodeDeletes: Map<NodeLabel, string[]>;
  edgeUpserts: Map<EdgeKind, EdgeWrite[]>;
  edgeDeletes: Map<EdgeKind, Array<{ from: string; key: string }>>;
  counts: Record<ChangeKind, SyncCounts>;
}

const COUNTED: Record<NodeLabel, keyof SyncCounts> = {
  Workstation: 'workstations',
  JobStream: 'jobStreams',
  Job: 'jobs',
  Resource: 'resources',
  Prompt: 'prompts',
};

export function emptyCounts(): SyncCounts {
  return {
    workstations: 0,
    jobStreams: 0,
    jobs: 0,
    resources: 0,
    prompts: 0,
    dependencies: 0,
    relationships: 0,
  };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function planSync(snapshot: GraphSnapshot, stored: StoredGraph): SyncPlan {
  const plan: SyncPlan = {
    nodeCreates: new Map(),
    nodeUpdates: new Map(),
    nodeDeletes: new Map(),
    edgeUpserts: new Map(),
    edgeDeletes: new Map(),
    counts: {
      created: emptyCounts(),
      updated: emptyCounts(),
      removed: emptyCounts(),
      unchanged: emptyCounts(),
    },
  };
  const countEdge = (change: ChangeKind, kind: EdgeKind) => {
    plan.counts[change].relationships += 1;
    if (DECLARED_DEPENDENCY_TYPES.has(kind.type)) plan.counts[change].dependencies += 1;
  };

  for (const [key, node] of snapshot.nodes) {
    const hash = fingerprint(node.props);
    const before = stored.nodes.get(key);
    const change: ChangeKind =
      before === undefined ? 'created' : before.hash === hash ? 'unchanged' : 'updated';
    plan.counts[change][COUNTED[node.label]] += 1;
    if (change === 'created')
      push(plan.nodeCreates, node.label, { id: node.id, props: storedProps(node.props), hash });
    if (change === 'updated')
      push(plan.nodeUpdates, node.label, { id: node.id, props: storedProps(node.props), hash });
  }
  for (const [key, node] of stored.nodes) {
    if (snapshot.nodes.has(key)) continue;
    plan.counts.removed[COUNTED[node.label]] += 1;
    push(plan.nodeDeletes, node.label, node.id);
  }

  for (const [key, edge] of snapshot.edges) {
    const kind = edgeKindOf(edge);
    const hash = fingerprint(edge.props);
    const before = stored.edges.get(key);
    const change: ChangeKind =
      before === undefined ? 'created' : before.hash === hash ? 'unchanged' : 'updated';
    countEdge(change, kind);
    if (change !== 'unchanged') {
      push(plan.edgeUpserts, kind, {
        from: edge.from.id,
        to: edge.to.id,
        key,
        props: storedProps(edge.props),
        hash,
      });
    }
  }
  for (const [key, edge] of stored.edges) {
    if (snapshot.edges.has(key)) continue;
    countEdge('removed', edge.kind);
    // Relationships of removed nodes go with them (DETACH DELETE); deleting them first is harmless.
    push(plan.edgeDeletes, edge.kind, { from: edge.from, key });
  }
  return plan;
}

/** True when the plan writes nothing. */
export function isNoop(plan: SyncPlan): boolean {
  return [plan.nodeCreates, plan.nodeUpdates, plan.nodeDeletes, plan.edgeUpserts, plan.edgeDeletes].every(
    (m) => m.size === 0,
  );
}
