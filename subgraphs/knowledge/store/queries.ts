// The read queries behind the served fields. Each takes a batch of ids (DataLoader) and answers
// per id, saying whether the id is in the graph at all. Walks use APOC's expander with
// NODE_GLOBAL uniqueness and breadth-first order: every node is visited once at its shortest
// distance, so a cycle in bad data ends the walk instead of looping, and cost stays linear.
import type { GraphDb, Row } from './graph-db.js';

export type Direction = 'predecessors' | 'successors';

export interface Found<T> {
  found: boolean;
  value: T;
}

const FILTER: Record<Direction, string> = { predecessors: 'WAITS_FOR>', successors: '<WAITS_FOR' };

const byId = <T>(rows: Row[], map: (row: Row) => T): Map<string, Found<T>> =>
  new Map(rows.map((row) => [String(row['id']), { found: row['found'] === true, value: map(row) }]));

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);

/** Job ids up to `depth` levels away, nearest first, at most `first` per job. */
export async function walkJobs(
  db: GraphDb,
  ids: readonly string[],
  direction: Direction,
  depth: number,
  first: number,
) {
  const rows = await db.read(
    `walk.${direction}`,
    `UNWIND $ids AS id
     OPTIONAL MATCH (j:Job {graph: $graph, id: id})
     CALL (j) {
       WITH j WHERE j IS NOT NULL
       CALL apoc.path.expandConfig(j, {
         relationshipFilter: $filter, uniqueness: 'NODE_GLOBAL', bfs: true, minLevel: 1, maxLevel: toInteger($depth)
       }) YIELD path
       WITH last(nodes(path)) AS n, length(path) AS distance
       ORDER BY distance, n.jobStreamName, n.name
       LIMIT toInteger($first)
       RETURN collect(n.id) AS ids
     }
     RETURN id, j IS NOT NULL AS found, ids`,
    { ids, filter: FILTER[direction], depth, first },
  );
  return byId(rows, (row) => strings(row['ids']));
}

/** A job stream reached by an impact walk, with how many of its jobs are downstream. */
export interface ImpactStreamRow {
  id: string;
  name: string;
  impactedJobs: number;
}

/** An impact walk summarised in Cypher: counts of everything, lists cut to `first`. */
export interface ImpactRow {
  count: number;
  /** Nearest first (distance, stream name, job name, id). */
  jobIds: string[];
  jobStreamCount: number;
  /** Most affected first. */
  jobStreams: ImpactStreamRow[];
  criticalCount: number;
  criticalJobIds: string[];
  maxDistance: number;
  /** Jobs lie beyond `depth`: the walk went one level further to tell. */
  truncated: boolean;
}

export const NO_IMPACT: ImpactRow = {
  count: 0,
  jobIds: [],
  jobStreamCount: 0,
  jobStreams: [],
  criticalCount: 0,
  criticalJobIds: [],
  maxDistance: 0,
  truncated: false,
};

/**
 * What lies downstream of each job up to `depth` levels, counted in Neo4j: only the first
 * `first` jobs, critical jobs and streams travel to Node (a walk on a big plan reaches thousands
 * of jobs over up to KNOWLEDGE_MAX_DEPTH levels, and the API lists at most `first` of each).
 */
export async function downstreamImpact(db: GraphDb, ids: readonly string[], depth: number, first: number) {
  const rows = await db.read(
    'impact',
    `UNWIND $ids AS id
     OPTIONAL MATCH (j:Job {graph: $graph, id: id})
     CALL (j) {
       WITH j WHERE j IS NOT NULL
       CALL apoc.path.expandConfig(j, {
         relationshipFilter: '<WAITS_FOR', uniqueness: 'NODE_GLOBAL', bfs: true, minLevel: 1, maxLevel: toInteger($depth) + 1
       }) YIELD path
       WITH last(nodes(path)) AS n, length(path) AS distance
       ORDER BY distance, n.jobStreamName, n.name, n.id
       WITH collect(CASE WHEN distance <= $depth
         THEN {id: n.id, jobStreamId: n.jobStreamId, jobStreamName: n.jobStreamName, critical: n.critical = true, distance: distance}
       END) AS within, max(distance) > $depth AS truncated
       CALL (within) {
         UNWIND within AS r
         WITH r.jobStreamId AS streamId, r.jobStreamName AS streamName, count(*) AS impacted
         ORDER BY impacted DESC, streamName
         RETURN collect({id: streamId, name: streamName, impactedJobs: impacted}) AS streams
       }
       WITH within, truncated, streams, [r IN within WHERE r.critical] AS critical
       RETURN {
         count: size(within),
         jobIds: [r IN within[0..$first] | r.id],
         jobStreamCount: size(streams),
         jobStreams: streams[0..$first],
         criticalCount: size(critical),
         criticalJobIds: [r IN critical[0..$first] | r.id],
         maxDistance: coalesce(within[-1].distance, 0),
         truncated: coalesce(truncated, false)
       } AS impact
     }
     RETURN id, j IS NOT NULL AS found, impact`,
    { ids, depth, first },
  );
  return byId(rows, (row) => (row['impact'] as ImpactRow | null) ?? NO_IMPACT);
}

export interface StreamInfo {
  id: string;
  name: string;
  workstation: string | undefined;
  totalJobs: number;
}

export async function jobStreamInfo(db: GraphDb, ids: readonly string[]): Promise<Map<string, StreamInfo>> {
  if (ids.length === 0) return new Map();
  const rows = await db.read(
    'jobStreams',
    `UNWIND $ids AS id
     MATCH (s:JobStream {graph: $graph, id: id})
     RETURN id, s.name AS name, s.workstation AS workstation, COUNT { (s)-[:CONTAINS]->(:Job) } AS totalJobs`,
    { ids },
  );
  return new Map(
    rows.map((row) => [
      String(row['id']),
      {
        id: String(row['id']),
        name: String(row['name'] ?? ''),
        workstation: typeof row['workstation'] === 'string' ? row['workstation'] : undefined,
        totalJobs: Number(row['totalJobs'] ?? 0),
      },
    ]),
  );
}

export interface StreamChain {
  name: string;
  jobs: Array<{ id: string; name: string; seconds: number }>;
  /** [waiting job, job it waits for], both inside the stream. */
  edges: Array<[string, string]>;
}

/** A stream's jobs with their estimates and its internal WAITS_FOR edges. */
export async function streamChains(db: GraphDb, ids: readonly string[]) {
  const rows = await db.read(
    'criticalPath',
    `UNWIND $ids AS id
     OPTIONAL MATCH (s:JobStream {graph: $graph, id: id})
     RETURN id, s IS NOT NULL AS found, s.name AS name,
       COLLECT { MATCH (s)-[:CONTAINS]->(j:Job) RETURN {id: j.id, name: j.name, seconds: j.estimatedSeconds} } AS jobs,
       COLLECT { MATCH (s)-[:CONTAINS]->(a:Job)-[:WAITS_FOR]->(b:Job)<-[:CONTAINS]-(s) RETURN [a.id, b.id] } AS edges`,
    { ids },
  );
  return byId<StreamChain>(rows, (row) => ({
    name: String(row['name'] ?? ''),
    jobs: (Array.isArray(row['jobs']) ? (row['jobs'] as Row[]) : []).map((j) => ({
      id: String(j['id']),
      name: String(j['name'] ?? ''),
      seconds: Number(j['seconds'] ?? 0),
    })),
    edges: (Array.isArray(row['edges']) ? (row['edges'] as unknown[][]) : []).map(
      ([a, b]) => [String(a), String(b)] as [string, string],
    ),
  }));
}

export interface DependencyRow {
  relationship: 'DEPENDS_ON' | 'NEEDS' | 'ASKS';
  inherited: boolean;
  props: Row;
  targetLabel: string;
  target: Row;
}

/** The dependencies declared by each job and by its job stream. */
export async function declaredDependencies(db: GraphDb, ids: readonly string[]) {
  const rows = await db.read(
    'dependencies',
    `UNWIND $ids AS id
     OPTIONAL MATCH (j:Job {graph: $graph, id: id})
     OPTIONAL MATCH (s:JobStream)-[:CONTAINS]->(j)
     WITH id, j, s,
       COLLECT {
         MATCH (j)-[r:DEPENDS_ON|NEEDS|ASKS]->(t)
         RETURN {relationship: type(r), inherited: false, props: properties(r), targetLabel: labels(t)[0],
                 target: t {.id, .name, .jobStreamName, .text}}
       } AS own,
       COLLECT {
         MATCH (s)-[r:DEPENDS_ON|NEEDS|ASKS]->(t)
         RETURN {relationship: type(r), inherited: true, props: properties(r), targetLabel: labels(t)[0],
                 target: t {.id, .name, .jobStreamName, .text}}
       } AS inherited
     RETURN id, j IS NOT NULL AS found, own + inherited AS deps`,
    { ids },
  );
  return byId(rows, (row) => (Array.isArray(row['deps']) ? (row['deps'] as DependencyRow[]) : []));
}

export interface GraphSummary {
  jobs: number;
  jobStreams: number;
  workstations: number;
  resources: number;
  prompts: number;
  dependencies: number;
  /** A Neo4j DateTime (the DateTime scalar serialises it), or null before the first sync. */
  lastSyncedAt: unknown;
  /** The recorded report of the last sync (sync-io.ts recordSync), or null. */
  lastSync: Row | null;
}

/** Counts of the namespace and its last recorded sync (graphSummary). */
export async function graphSummary(db: GraphDb): Promise<GraphSummary> {
  const [row] = await db.read(
    'graphSummary',
    `CALL () { MATCH (j:Job {graph: $graph}) RETURN count(j) AS jobs }
     CALL () { MATCH (s:JobStream {graph: $graph}) RETURN count(s) AS jobStreams }
     CALL () { MATCH (w:Workstation {graph: $graph}) RETURN count(w) AS workstations }
     CALL () { MATCH (r:Resource {graph: $graph}) RETURN count(r) AS resources }
     CALL () { MATCH (p:Prompt {graph: $graph}) RETURN count(p) AS prompts }
     CALL () { MATCH (:Job {graph: $graph})-[d:DEPENDS_ON|NEEDS|ASKS]->() RETURN count(d) AS jobDependencies }
     CALL () { MATCH (:JobStream {graph: $graph})-[d:DEPENDS_ON|NEEDS|ASKS]->() RETURN count(d) AS streamDependencies }
     OPTIONAL MATCH (m:KnowledgeSync {graph: $graph})
     RETURN jobs, jobStreams, workstations, resources, prompts,
       jobDependencies + streamDependencies AS dependencies, m.finishedAt AS lastSyncedAt, m.report AS report`,
  );
  const count = (key: string) => Number(row?.[key] ?? 0);
  const report = row?.['report'];
  return {
    jobs: count('jobs'),
    jobStreams: count('jobStreams'),
    workstations: count('workstations'),
    resources: count('resources'),
    prompts: count('prompts'),
    dependencies: count('dependencies'),
    lastSyncedAt: row?.['lastSyncedAt'] ?? null,
    lastSync: typeof report === 'string' ? (JSON.parse(report) as Row) : null,
  };
}
