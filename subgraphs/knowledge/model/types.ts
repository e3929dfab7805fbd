// The graph model as plain data: what a sync builds from HWA and writes to Neo4j. Types only,
// plus the fixed catalogue of node labels and relationship kinds (the Cypher templates in
// store/ are generated from this catalogue, never from input).

export const NODE_LABELS = ['Workstation', 'JobStream', 'Job', 'Resource', 'Prompt'] as const;
export type NodeLabel = (typeof NODE_LABELS)[number];

/** Values Neo4j stores as properties. `undefined` means "absent" (Neo4j has no null property). */
export type PropValue = string | number | boolean | readonly string[];
export type Props = Readonly<Record<string, PropValue | undefined>>;

export interface NodeRef {
  label: NodeLabel;
  id: string;
}

export interface GraphNode extends NodeRef {
  props: Props;
}

/** Every relationship kind the model has: type and the labels at both ends. */
export const EDGE_KINDS = [
  { type: 'CONTAINS', from: 'JobStream', to: 'Job' },
  { type: 'RUNS_ON', from: 'Job', to: 'Workstation' },
  { type: 'RUNS_ON', from: 'JobStream', to: 'Workstation' },
  { type: 'MEMBER_OF', from: 'Workstation', to: 'Workstation' },
  { type: 'DEFINED_ON', from: 'Resource', to: 'Workstation' },
  { type: 'DEPENDS_ON', from: 'Job', to: 'Job' },
  { type: 'DEPENDS_ON', from: 'Job', to: 'JobStream' },
  { type: 'DEPENDS_ON', from: 'JobStream', to: 'Job' },
  { type: 'DEPENDS_ON', from: 'JobStream', to: 'JobStream' },
  { type: 'NEEDS', from: 'Job', to: 'Resource' },
  { type: 'NEEDS', from: 'JobStream', to: 'Resource' },
  { type: 'ASKS', from: 'Job', to: 'Prompt' },
  { type: 'ASKS', from: 'JobStream', to: 'Prompt' },
  { type: 'WAITS_FOR', from: 'Job', to: 'Job' },
] as const satisfies ReadonlyArray<{ type: string; from: NodeLabel; to: NodeLabel }>;

export type EdgeKind = (typeof EDGE_KINDS)[number];
export type EdgeType = EdgeKind['type'];

/** Relationship types that are dependencies HWA declares (counted as `dependencies`). */
export const DECLARED_DEPENDENCY_TYPES: ReadonlySet<EdgeType> = new Set(['DEPENDS_ON', 'NEEDS', 'ASKS']);

export interface GraphEdge {
  type: EdgeType;
  from: NodeRef;
  to: NodeRef;
  /** Unique within the graph: `TYPE:fromId>toId`. */
  key: string;
  props: Props;
}

/** The dependency kinds HWA reports that the graph models as relationships. */
export type ModelledDependencyType =
  'INTERNAL' | 'EXTERNAL_JOB' | 'EXTERNAL_JOBSTREAM' | 'RESOURCE' | 'PROMPT';

/** One complete picture of the plan, ready to diff against Neo4j. */
export interface GraphSnapshot {
  nodes: ReadonlyMap<string, GraphNode>;
  edges: ReadonlyMap<string, GraphEdge>;
  /** Dependencies left out: predecessor not in the plan, or a kind not modelled (FILE, JOIN, ...). */
  skippedDependencies: number;
}

export function nodeKey(ref: NodeRef): string {
  return `${ref.label}:${ref.id}`;
}

export function edgeKey(type: EdgeType, from: NodeRef, to: NodeRef): string {
  return `${type}:${from.id}>${to.id}`;
}

export function edgeKindOf(edge: Pick<GraphEdge, 'type' | 'from' | 'to'>): EdgeKind {
  const kind = EDGE_KINDS.find(
    (k) => k.type === edge.type && k.from === edge.from.label && k.to === edge.to.label,
  );
  if (!kind)
    throw new Error(`no ${edge.type} relationship from ${edge.from.label} to ${edge.to.label} in the model`);
  return kind;
}
