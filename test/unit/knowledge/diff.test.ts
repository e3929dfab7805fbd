import { fingerprint } from '../../../subgraphs/knowledge/model/fingerprint.js';
import {
  EDGE_KINDS,
  edgeKey,
  nodeKey,
  type GraphEdge,
  type GraphNode,
  type GraphSnapshot,
} from '../../../subgraphs/knowledge/model/types.js';
import { isNoop, planSync, type StoredGraph } from '../../../subgraphs/knowledge/sync/diff.js';

const node = (
  label: GraphNode['label'],
  id: string,
  props: GraphNode['props'] = { name: id },
): GraphNode => ({ label, id, props });
const contains = (s: string, j: string): GraphEdge => {
  const from = { label: 'JobStream' as const, id: s };
  const to = { label: 'Job' as const, id: j };
  return { type: 'CONTAINS', from, to, key: edgeKey('CONTAINS', from, to), props: {} };
};
const dependsOn = (a: string, b: string): GraphEdge => {
  const from = { label: 'Job' as const, id: a };
  const to = { label: 'Job' as const, id: b };
  return {
    type: 'DEPENDS_ON',
    from,
    to,
    key: edgeKey('DEPENDS_ON', from, to),
    props: { dependencyType: 'INTERNAL' },
  };
};

function snapshot(nodes: GraphNode[], edges: GraphEdge[]): GraphSnapshot {
  return {
    nodes: new Map(nodes.map((n) => [nodeKey(n), n])),
    edges: new Map(edges.map((e) => [e.key, e])),
    skippedDependencies: 0,
  };
}

/** What Neo4j would hold after writing `s`. */
function stored(s: GraphSnapshot): StoredGraph {
  return {
    nodes: new Map(
      [...s.nodes].map(([k, n]) => [k, { label: n.label, id: n.id, hash: fingerprint(n.props) }]),
    ),
    edges: new Map(
      [...s.edges].map(([k, e]) => [
        k,
        {
          kind: EDGE_KINDS.find((x) => x.type === e.type && x.from === e.from.label && x.to === e.to.label)!,
          from: e.from.id,
          hash: fingerprint(e.props),
        },
      ]),
    ),
  };
}

const empty: StoredGraph = { nodes: new Map(), edges: new Map() };
const v1 = snapshot(
  [node('JobStream', 's'), node('Job', 'a'), node('Job', 'b')],
  [contains('s', 'a'), contains('s', 'b'), dependsOn('b', 'a')],
);

describe('planning a sync', () => {
  it('creates everything on an empty graph and counts it by kind', () => {
    const plan = planSync(v1, empty);
    expect(plan.counts.created).toEqual({
      workstations: 0,
      jobStreams: 1,
      jobs: 2,
      resources: 0,
      prompts: 0,
      dependencies: 1,
      relationships: 3,
    });
    expect(plan.nodeCreates.get('Job')?.map((w) => w.id)).toEqual(['a', 'b']);
    expect(plan.nodeUpdates.size).toBe(0);
    expect(isNoop(plan)).toBe(false);
  });

  it('writes nothing when the graph already matches', () => {
    const plan = planSync(v1, stored(v1));
    expect(isNoop(plan)).toBe(true);
    expect(plan.counts.unchanged).toMatchObject({ jobStreams: 1, jobs: 2, relationships: 3 });
    expect(plan.counts.created.jobs + plan.counts.updated.jobs + plan.counts.removed.jobs).toBe(0);
  });

  it('updates what changed, removes what disappeared, keeps the rest', () => {
    const v2 = snapshot(
      [node('JobStream', 's'), node('Job', 'a', { name: 'a', critical: true }), node('Job', 'c')],
      [contains('s', 'a'), contains('s', 'c'), dependsOn('c', 'a')],
    );
    const plan = planSync(v2, stored(v1));
    expect(plan.counts.created).toMatchObject({ jobs: 1, dependencies: 1, relationships: 2 });
    expect(plan.counts.updated).toMatchObject({ jobs: 1, relationships: 0 });
    expect(plan.counts.removed).toMatchObject({ jobs: 1, dependencies: 1, relationships: 2 });
    expect(plan.counts.unchanged).toMatchObject({ jobStreams: 1, relationships: 1 });
    expect(plan.nodeUpdates.get('Job')).toEqual([
      { id: 'a', props: { name: 'a', critical: true }, hash: fingerprint({ name: 'a', critical: true }) },
    ]);
    expect(plan.nodeDeletes.get('Job')).toEqual(['b']);
    expect(
      [...plan.edgeDeletes.values()]
        .flat()
        .map((d) => d.key)
        .sort(),
    ).toEqual([contains('s', 'b').key, dependsOn('b', 'a').key].sort());
  });

  it('fingerprints ignore key order and absent values', () => {
    expect(fingerprint({ a: 1, b: 'x', c: undefined })).toBe(fingerprint({ b: 'x', a: 1 }));
    expect(fingerprint({ a: 1 })).not.toBe(fingerprint({ a: 2 }));
    expect(fingerprint({ list: ['x', 'y'] })).not.toBe(fingerprint({ list: ['y', 'x'] }));
  });
});
