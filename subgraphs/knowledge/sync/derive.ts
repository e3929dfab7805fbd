// Derives the job-level WAITS_FOR edges that traversals, impact and critical path walk, from
// the dependencies HWA declares at two levels (job, job stream) on two kinds of target (a job, a
// whole job stream). Pure, so the rules are unit-tested without Neo4j:
//
//   job J  → job P        J waits for P
//   job J  → stream T     J waits for T's last jobs (T is complete when they are)
//   stream S → job P      S's first jobs wait for P (the rest of S already waits for them)
//   stream S → stream T   S's first jobs wait for T's last jobs
//
// "First" and "last" are computed on the stream's internal job→job edges; a stream whose jobs
// all sit on a cycle (bad data) uses all of its jobs instead, so nothing is silently dropped.
import { edgeKey, type GraphEdge, type NodeRef } from '../model/types.js';

export interface DeclaredDependency {
  owner: NodeRef;
  target: NodeRef;
  dependencyType: string;
}

export interface StreamMembership {
  /** Job id → id of its job stream. */
  streamOf: ReadonlyMap<string, string>;
  /** Job stream id → ids of its jobs. */
  jobsOf: ReadonlyMap<string, readonly string[]>;
}

const job = (id: string): NodeRef => ({ label: 'Job', id });

export function deriveWaits(
  dependencies: readonly DeclaredDependency[],
  membership: StreamMembership,
): GraphEdge[] {
  const internalPreds = new Map<string, Set<string>>();
  const internalSuccs = new Map<string, Set<string>>();
  for (const { owner, target } of dependencies) {
    if (owner.label !== 'Job' || target.label !== 'Job' || owner.id === target.id) continue;
    const stream = membership.streamOf.get(owner.id);
    if (stream === undefined || stream !== membership.streamOf.get(target.id)) continue;
    add(internalPreds, owner.id, target.id);
    add(internalSuccs, target.id, owner.id);
  }
  const ends = (streamId: string, links: Map<string, Set<string>>): readonly string[] => {
    const jobs = membership.jobsOf.get(streamId) ?? [];
    const open = jobs.filter((id) => (links.get(id)?.size ?? 0) === 0);
    return open.length > 0 ? open : jobs;
  };
  const firstJobs = (streamId: string) => ends(streamId, internalPreds);
  const lastJobs = (streamId: string) => ends(streamId, internalSuccs);

  const edges = new Map<string, GraphEdge>();
  const wait = (
    from: string,
    to: string,
    dependencyType: string,
    declaredBy: 'job' | 'jobStream',
    onJobStream?: string,
  ) => {
    if (from === to) return;
    const key = edgeKey('WAITS_FOR', job(from), job(to));
    if (edges.has(key)) return;
    edges.set(key, {
      type: 'WAITS_FOR',
      from: job(from),
      to: job(to),
      key,
      props: { dependencyType, declaredBy, onJobStream },
    });
  };
  // Job-level dependencies on jobs first: when several rules yield the same edge, the most
  // specific description of why it exists wins.
  const ordered = [...dependencies].sort((a, b) => rank(a) - rank(b));
  for (const { owner, target, dependencyType } of ordered) {
    const targets =
      target.label === 'Job' ? [target.id] : target.label === 'JobStream' ? lastJobs(target.id) : [];
    const viaStream = target.label === 'JobStream' ? target.id : undefined;
    if (owner.label === 'Job') {
      for (const to of targets) wait(owner.id, to, dependencyType, 'job', viaStream);
    } else if (owner.label === 'JobStream') {
      for (const from of firstJobs(owner.id))
        for (const to of targets) wait(from, to, dependencyType, 'jobStream', viaStream);
    }
  }
  return [...edges.values()];
}

function rank(d: DeclaredDependency): number {
  return (d.owner.label === 'Job' ? 0 : 2) + (d.target.label === 'Job' ? 0 : 1);
}

function add(map: Map<string, Set<string>>, key: string, value: string): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}
