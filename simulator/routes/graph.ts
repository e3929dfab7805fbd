// Dependency graph around a job or job stream: GET plan/{job|jobstream}/{id}/{predecessors|successors}
// ?depth=N → ListResponseV21 `{count, results: FlowNodeInPlanV2[]}`. Both directions walk the same edge
// set (the dependencies[] of jobs and job streams), breadth first, each node once.
import type { SimCore } from '../core.js';
import { SimError } from '../errors.js';
import { checkPlanId, intParam } from '../http/params.js';
import { ok, type Route, type SimRequest } from '../http/types.js';
import type { SimDependency } from '../plan/types.js';
import { jobView } from '../views/job.js';
import { jobStreamView } from '../views/jobstream.js';
import { findJob, findStream, viewContext } from './shared.js';

type NodeRef = { kind: 'JOB' | 'JOBSTREAM'; id: string };
type Direction = 'predecessors' | 'successors';

const MAX_DEPTH = 50;

function predecessorsOf(core: SimCore, node: NodeRef): NodeRef[] {
  const deps: readonly SimDependency[] =
    node.kind === 'JOB'
      ? (core.state.jobs.get(node.id)?.deps ?? [])
      : (core.state.streams.get(node.id)?.deps ?? []);
  const out: NodeRef[] = [];
  for (const d of deps) {
    if (d.predJobId) out.push({ kind: 'JOB', id: d.predJobId });
    else if (d.predStreamId) out.push({ kind: 'JOBSTREAM', id: d.predStreamId });
  }
  return out;
}

function successorsOf(core: SimCore, node: NodeRef): NodeRef[] {
  const owners = core.state.dependents.get(node.id);
  if (!owners) return [];
  return [...owners].map((id) => ({ kind: core.state.jobs.has(id) ? 'JOB' : 'JOBSTREAM', id }));
}

export function walk(core: SimCore, start: NodeRef, direction: Direction, depth: number): NodeRef[] {
  const next = direction === 'predecessors' ? predecessorsOf : successorsOf;
  const seen = new Set<string>([start.id]);
  const found: NodeRef[] = [];
  let frontier = [start];
  for (let level = 0; level < depth && frontier.length; level++) {
    const following: NodeRef[] = [];
    for (const node of frontier) {
      for (const n of next(core, node)) {
        if (seen.has(n.id)) continue;
        seen.add(n.id);
        found.push(n);
        following.push(n);
      }
    }
    frontier = following;
  }
  return found;
}

function graphHandler(kind: 'JOB' | 'JOBSTREAM', direction: Direction) {
  return (req: SimRequest, core: SimCore) => {
    checkPlanId(req.url, core.state.planId);
    const id = req.params[kind === 'JOB' ? 'job_id' : 'jobstream_id'] ?? '';
    if (kind === 'JOB') findJob(core, id);
    else findStream(core, id);
    const depth = intParam(req.url, 'depth', 1, 1);
    if (depth > MAX_DEPTH) throw new SimError('INVALID_PARAMETER', `The depth must be at most ${MAX_DEPTH}.`);
    const ctx = viewContext(core, req);
    const results = walk(core, { kind, id }, direction, depth).map((n) => {
      if (n.kind === 'JOB') return jobView(ctx, findJob(core, n.id));
      return jobStreamView(ctx, findStream(core, n.id), false);
    });
    return ok({ count: results.length, results });
  };
}

export const graphRoutes: Route[] = [
  { method: 'GET', path: 'plan/job/{job_id}/predecessors', handler: graphHandler('JOB', 'predecessors') },
  { method: 'GET', path: 'plan/job/{job_id}/successors', handler: graphHandler('JOB', 'successors') },
  {
    method: 'GET',
    path: 'plan/jobstream/{jobstream_id}/predecessors',
    handler: graphHandler('JOBSTREAM', 'predecessors'),
  },
  {
    method: 'GET',
    path: 'plan/jobstream/{jobstream_id}/successors',
    handler: graphHandler('JOBSTREAM', 'successors'),
  },
];
