import { z } from 'zod';
import { positiveInt, type EnvOf } from './helpers.js';

const int = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

export const knowledgeEnv = {
  /**
   * Namespace of this deployment's dependency graph in Neo4j. Every node carries it, so several
   * deployments (or parallel test stacks) can share one database without seeing each other.
   */
  KNOWLEDGE_GRAPH: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, { message: 'expected 1-64 letters, digits, _ . or -' })
    .default('default'),
  /** Load the graph from HWA when the knowledge subgraph starts: `if-empty` (first run), `always`, `never`. */
  KNOWLEDGE_SYNC_ON_START: z.enum(['if-empty', 'always', 'never']).default('if-empty'),
  /** Incremental re-sync period (the plan changes every day); 0 turns periodic sync off. */
  KNOWLEDGE_SYNC_INTERVAL_MS: int(0, 7 * 24 * 3600_000, 15 * 60_000),
  /** Rows per Neo4j write transaction during a sync (one UNWIND batch). */
  KNOWLEDGE_SYNC_BATCH_SIZE: int(100, 50_000, 5_000),
  /** Deadline of a whole sync (HWA reads + Neo4j writes); a 100k-job plan takes well under a minute. */
  KNOWLEDGE_SYNC_TIMEOUT_MS: positiveInt(15 * 60_000),
  /**
   * How long an admin's syncKnowledgeGraph waits for another replica's running sync before
   * answering UPSTREAM_UNAVAILABLE; keep it below GATEWAY_SUBGRAPH_TIMEOUT_MS so the caller gets
   * that answer rather than a gateway timeout.
   */
  KNOWLEDGE_SYNC_LOCK_WAIT_MS: positiveInt(12_000),
  /** Deadline of one graph read (traversal, impact, critical path). */
  KNOWLEDGE_QUERY_TIMEOUT_MS: positiveInt(5_000),
  /** Largest `depth` a client may ask of predecessors, successors and impact. */
  KNOWLEDGE_MAX_DEPTH: int(1, 1_000, 50),
  /** Largest number of jobs one field lists (`first`); counts are always complete. */
  KNOWLEDGE_MAX_RESULTS: int(1, 100_000, 1_000),
};

type KnowledgeEnv = EnvOf<typeof knowledgeEnv>;

export function buildKnowledgeConfig(env: KnowledgeEnv) {
  return {
    graph: env.KNOWLEDGE_GRAPH,
    syncOnStart: env.KNOWLEDGE_SYNC_ON_START,
    syncIntervalMs: env.KNOWLEDGE_SYNC_INTERVAL_MS,
    syncBatchSize: env.KNOWLEDGE_SYNC_BATCH_SIZE,
    syncTimeoutMs: env.KNOWLEDGE_SYNC_TIMEOUT_MS,
    syncLockWaitMs: env.KNOWLEDGE_SYNC_LOCK_WAIT_MS,
    queryTimeoutMs: env.KNOWLEDGE_QUERY_TIMEOUT_MS,
    maxDepth: env.KNOWLEDGE_MAX_DEPTH,
    maxResults: env.KNOWLEDGE_MAX_RESULTS,
  };
}
