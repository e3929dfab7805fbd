// Constraints and indexes of the graph, created at start and then asserted (@neo4j/graphql 7 only
// checks indexes and has no @unique any more, so this is ours). Statements are idempotent.
import { InternalError } from '../../../core/errors/index.js';
import { NODE_LABELS } from '../model/types.js';
import type { GraphDb } from './graph-db.js';

interface Required {
  name: string;
  label: string;
  properties: string[];
  kind: 'UNIQUENESS' | 'RANGE';
}

const REQUIRED: readonly Required[] = [
  // (graph, id) is the identity of every node; MERGE during a sync relies on it.
  ...NODE_LABELS.map((label) => ({
    name: `knowledge_${label.toLowerCase()}_key`,
    label,
    properties: ['graph', 'id'],
    kind: 'UNIQUENESS' as const,
  })),
  // Whole-namespace scans: the fingerprint read of a sync and graphSummary.
  ...NODE_LABELS.map((label) => ({
    name: `knowledge_${label.toLowerCase()}_graph`,
    label,
    properties: ['graph'],
    kind: 'RANGE' as const,
  })),
  { name: 'knowledge_sync_graph', label: 'KnowledgeSync', properties: ['graph'], kind: 'UNIQUENESS' },
];

function statement(r: Required): string {
  const props = r.properties.map((p) => `n.${p}`).join(', ');
  return r.kind === 'UNIQUENESS'
    ? `CREATE CONSTRAINT ${r.name} IF NOT EXISTS FOR (n:${r.label}) REQUIRE (${props}) IS UNIQUE`
    : `CREATE INDEX ${r.name} IF NOT EXISTS FOR (n:${r.label}) ON (${props})`;
}

const same = (a: readonly unknown[], b: readonly string[]) =>
  a.length === b.length && a.every((v, i) => v === b[i]);

/** Creates what is missing, waits for indexes to come online, and fails loudly if anything is absent. */
export async function ensureGraphSchema(db: GraphDb): Promise<void> {
  for (const r of REQUIRED) {
    try {
      await db.write('schema.create', statement(r));
    } catch (error) {
      // Several processes may start at once; another one creating the same rule first is fine.
      if (
        !/AlreadyExists/.test(String((error as { originalError?: { code?: unknown } }).originalError?.code))
      )
        throw error;
    }
  }
  await db.write('schema.await', 'CALL db.awaitIndexes(60)', {}, { timeoutMs: 65_000 });
  const indexes = await db.read(
    'schema.show',
    'SHOW INDEXES YIELD name, type, labelsOrTypes, properties, state, owningConstraint RETURN *',
  );
  const missing = REQUIRED.filter(
    (r) =>
      !indexes.some(
        (i) =>
          Array.isArray(i['labelsOrTypes']) &&
          same(i['labelsOrTypes'], [r.label]) &&
          Array.isArray(i['properties']) &&
          same(i['properties'], r.properties) &&
          i['state'] === 'ONLINE' &&
          (r.kind === 'UNIQUENESS' ? i['owningConstraint'] != null : true),
      ),
  );
  if (missing.length > 0) {
    throw new InternalError(`Knowledge graph schema incomplete: ${missing.map((m) => m.name).join(', ')}`);
  }
}

/** Runs ensureGraphSchema once; a failure (e.g. Neo4j down at start) is retried on the next call. */
export function graphSchemaOnce(db: GraphDb): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => {
    done ??= ensureGraphSchema(db).catch((error: unknown) => {
      done = undefined;
      throw error;
    });
    return done;
  };
}
