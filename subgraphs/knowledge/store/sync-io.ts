// The sync's Cypher: read what a namespace holds (fingerprints only), then apply a SyncPlan in
// batched UNWIND transactions. Labels and relationship types come from the model catalogue,
// never from input, so templating them into the statements is safe.
import { EDGE_KINDS, NODE_LABELS, nodeKey, type EdgeKind, type NodeLabel } from '../model/types.js';
import type { StoredGraph, SyncPlan } from '../sync/diff.js';
import type { GraphDb } from './graph-db.js';

export interface ApplyOptions {
  batchSize: number;
  /** Deadline of each batch transaction. */
  timeoutMs: number;
  /** Checked between batches: a stopping service ends a sync at a batch boundary. */
  signal?: AbortSignal | undefined;
}

export async function readStoredGraph(db: GraphDb, timeoutMs: number): Promise<StoredGraph> {
  // Streamed: a 100k-job graph is ~500k rows, which must not sit in memory twice.
  const nodes = new Map<string, { label: NodeLabel; id: string; hash: string }>();
  for (const label of NODE_LABELS) {
    await db.readEach(
      `sync.read.${label}`,
      `MATCH (n:${label} {graph: $graph}) RETURN n.id AS id, n.hash AS hash`,
      {},
      (row) => {
        const id = String(row['id']);
        nodes.set(nodeKey({ label, id }), { label, id, hash: String(row['hash'] ?? '') });
      },
      { timeoutMs },
    );
  }
  const edges = new Map<string, { kind: EdgeKind; from: string; hash: string }>();
  for (const kind of EDGE_KINDS) {
    await db.readEach(
      `sync.read.${kind.type}`,
      `MATCH (a:${kind.from} {graph: $graph})-[r:${kind.type}]->(:${kind.to}) RETURN a.id AS from, r.key AS key, r.hash AS hash`,
      {},
      (row) => {
        if (typeof row['key'] === 'string') {
          edges.set(row['key'], { kind, from: String(row['from']), hash: String(row['hash'] ?? '') });
        }
      },
      { timeoutMs },
    );
  }
  return { nodes, edges };
}

function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/**
 * Writes a plan: nodes first (so relationships find their ends), then relationships, then
 * removals. Each batch is its own transaction; a sync cut short leaves a consistent subset
 * (fingerprints are written with the data), which the next sync completes. Removed
 * relationships go in batches before their nodes, so no DETACH DELETE of a busy workstation
 * has to drop tens of thousands of relationships in one transaction.
 */
export async function applySyncPlan(db: GraphDb, plan: SyncPlan, options: ApplyOptions): Promise<void> {
  const batches = async <T>(name: string, cypher: string, items: readonly T[]) => {
    for (const rows of chunks(items, options.batchSize)) {
      options.signal?.throwIfAborted();
      await db.write(name, cypher, { rows }, { timeoutMs: options.timeoutMs });
    }
  };
  for (const [label, rows] of plan.nodeCreates) {
    await batches(
      `sync.create.${label}`,
      `UNWIND $rows AS row
       CREATE (n:${label})
       SET n = row.props, n.graph = $graph, n.id = row.id, n.hash = row.hash`,
      rows,
    );
  }
  for (const [label, rows] of plan.nodeUpdates) {
    // SET n = map replaces every property, so one that HWA no longer reports disappears too.
    await batches(
      `sync.update.${label}`,
      `UNWIND $rows AS row
       MATCH (n:${label} {graph: $graph, id: row.id})
       SET n = row.props, n.graph = $graph, n.id = row.id, n.hash = row.hash`,
      rows,
    );
  }
  for (const [kind, rows] of plan.edgeDeletes) {
    await batches(
      `sync.delete.${kind.type}`,
      `UNWIND $rows AS row
       MATCH (:${kind.from} {graph: $graph, id: row.from})-[r:${kind.type} {key: row.key}]->(:${kind.to})
       DELETE r`,
      rows,
    );
  }
  for (const [kind, rows] of plan.edgeUpserts) {
    await batches(
      `sync.upsert.${kind.type}`,
      `UNWIND $rows AS row
       MATCH (a:${kind.from} {graph: $graph, id: row.from})
       MATCH (b:${kind.to} {graph: $graph, id: row.to})
       MERGE (a)-[r:${kind.type} {key: row.key}]->(b)
       SET r = row.props, r.key = row.key, r.hash = row.hash`,
      rows,
    );
  }
  for (const [label, ids] of plan.nodeDeletes) {
    await batches(
      `sync.delete.${label}`,
      `UNWIND $rows AS id MATCH (n:${label} {graph: $graph, id: id}) DETACH DELETE n`,
      ids,
    );
  }
}

/** What a sync reports; recorded on the namespace's KnowledgeSync node for graphSummary.lastSync. */
export interface RecordedSync {
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  changed: boolean;
  [counts: string]: unknown;
}

/**
 * Records the last successful sync (graphSummary.lastSync): metadata, not part of the model.
 * Kept in Neo4j rather than in memory so every replica, and a restarted one, can tell.
 */
export async function recordSync(db: GraphDb, report: RecordedSync): Promise<void> {
  await db.write(
    'sync.record',
    `MERGE (m:KnowledgeSync {graph: $graph})
     SET m.finishedAt = datetime($finishedAt), m.report = $report`,
    { finishedAt: report.finishedAt, report: JSON.stringify(report) },
  );
}

/** Number of jobs in the namespace (is this a first run?). */
export async function countJobs(db: GraphDb): Promise<number> {
  const [row] = await db.read('sync.count', 'MATCH (j:Job {graph: $graph}) RETURN count(j) AS jobs');
  return Number(row?.['jobs'] ?? 0);
}
