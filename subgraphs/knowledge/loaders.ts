// Per-request DataLoaders: a list of jobs asking for impact or successors (e.g. every job of a
// tws page, resolved through _entities) costs one Cypher query per distinct argument set.
import DataLoader from 'dataloader';
import type { GraphDb } from './store/graph-db.js';
import {
  declaredDependencies,
  downstreamImpact,
  NO_IMPACT,
  jobStreamInfo,
  streamChains,
  walkJobs,
  type DependencyRow,
  type Direction,
  type Found,
  type ImpactRow,
  type StreamChain,
  type StreamInfo,
} from './store/queries.js';

interface Keyed {
  id: string;
}

/** A loader whose keys carry arguments: one query per group of keys with the same arguments. */
function groupedLoader<K extends Keyed, V>(
  group: (key: K) => string,
  run: (ids: string[], sample: K) => Promise<Map<string, V>>,
  missing: V,
): DataLoader<K, V, string> {
  return new DataLoader<K, V, string>(
    async (keys) => {
      const groups = new Map<string, K[]>();
      for (const key of keys) groups.set(group(key), [...(groups.get(group(key)) ?? []), key]);
      const answers = new Map<string, V>();
      await Promise.all(
        [...groups.entries()].map(async ([g, members]) => {
          const result = await run([...new Set(members.map((m) => m.id))], members[0] as K);
          for (const [id, value] of result) answers.set(`${g}|${id}`, value);
        }),
      );
      return keys.map((key) => answers.get(`${group(key)}|${key.id}`) ?? missing);
    },
    { cacheKeyFn: (key) => `${group(key)}|${key.id}` },
  );
}

export interface WalkKey extends Keyed {
  direction: Direction;
  depth: number;
  first: number;
}

export interface ImpactKey extends Keyed {
  depth: number;
  /** How many jobs, critical jobs and streams are listed (counts are complete). */
  first: number;
}

export function createLoaders(db: GraphDb) {
  const notFound = <T>(value: T): Found<T> => ({ found: false, value });
  return {
    walk: groupedLoader<WalkKey, Found<string[]>>(
      (k) => `${k.direction}:${k.depth}:${k.first}`,
      (ids, k) => walkJobs(db, ids, k.direction, k.depth, k.first),
      notFound([]),
    ),
    impact: groupedLoader<ImpactKey, Found<ImpactRow>>(
      (k) => `${k.depth}:${k.first}`,
      (ids, k) => downstreamImpact(db, ids, k.depth, k.first),
      notFound(NO_IMPACT),
    ),
    jobStream: new DataLoader<string, StreamInfo | undefined>(async (ids) => {
      const found = await jobStreamInfo(db, ids);
      return ids.map((id) => found.get(id));
    }),
    chain: groupedLoader<Keyed, Found<StreamChain>>(
      () => 'chain',
      (ids) => streamChains(db, ids),
      notFound({ name: '', jobs: [], edges: [] }),
    ),
    dependencies: groupedLoader<Keyed, Found<DependencyRow[]>>(
      () => 'deps',
      (ids) => declaredDependencies(db, ids),
      notFound([]),
    ),
  };
}

export type KnowledgeLoaders = ReturnType<typeof createLoaders>;
