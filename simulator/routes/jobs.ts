// Jobs in the plan: GET plan/job (OQL / plan_filter, paged), plan/job/{job_id}, plan/job/count.
import type { SimCore } from '../core.js';
import { SimError } from '../errors.js';
import { checkPlanId } from '../http/params.js';
import { ok, type Route, type SimRequest } from '../http/types.js';
import { requiredValues } from '../oql/eval.js';
import { jobFields } from '../oql/fields.js';
import { parsePlanFilter } from '../oql/plan-filter.js';
import { parseOqlParam, runQuery } from '../oql/query.js';
import type { Query } from '../oql/ast.js';
import type { SimJob } from '../plan/types.js';
import { commonStatusOfJob } from '../statuses.js';
import { jobView } from '../views/job.js';
import { paginate } from '../views/paging.js';
import { findJob, jobViewOptions, pageRequest, viewContext } from './shared.js';

/** Candidates for a query: an index lookup when the query pins `id` or `jobStreamId`, else every job. */
function candidates(core: SimCore, query: Query): Iterable<SimJob> {
  const { state } = core;
  const ids = requiredValues(query.where, 'id');
  if (ids) return ids.flatMap((id) => state.jobs.get(id) ?? []);
  const streams = requiredValues(query.where, 'jobStreamId');
  if (streams)
    return streams.flatMap(
      (id) => state.streams.get(id)?.jobIds.flatMap((j) => state.jobs.get(j) ?? []) ?? [],
    );
  return state.jobOrder;
}

/** Jobs selected by `oql` and/or `plan_filter`, in query order. */
export function selectJobs(core: SimCore, req: SimRequest): SimJob[] {
  const query = parseOqlParam(req.url.searchParams.get('oql'));
  let jobs = runQuery(candidates(core, query), jobFields(core.state), query);
  const planFilter = req.url.searchParams.get('plan_filter');
  if (planFilter) {
    const filter = parsePlanFilter(planFilter, 'job');
    jobs = jobs.filter((j) => {
      const stream = core.state.streamOf(j);
      return filter.matches(stream.workstation, stream.name, j.name);
    });
  }
  return jobs;
}

const GROUPINGS: Record<string, (core: SimCore, job: SimJob) => string> = {
  status: (_core, job) => job.status,
  commonStatus: (_core, job) => commonStatusOfJob(job.status, job.substatus, job.canceled),
  workstation: (_core, job) => job.workstation,
  folder: () => '/',
  jobStreamName: (core, job) => core.state.streamOf(job).name,
};

/** `{count, groupedCount}`; with several groupings the key joins the values with commas [INFERRED]. */
export function groupedCount<T>(
  items: readonly T[],
  groupingParam: string | null,
  groupings: Record<string, (item: T) => string>,
): { count: number; groupedCount?: Record<string, number> } {
  if (!groupingParam) return { count: items.length };
  const names = groupingParam
    .split(',')
    .map((g) => g.trim())
    .filter(Boolean);
  for (const n of names)
    if (!groupings[n])
      throw new SimError(
        'INVALID_PARAMETER',
        `The grouping filter "${n}" is not valid; use ${Object.keys(groupings).join(', ')}.`,
      );
  const counts: Record<string, number> = {};
  for (const item of items) {
    const key = names.map((n) => (groupings[n] as (item: T) => string)(item)).join(',');
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return { count: items.length, groupedCount: counts };
}

export const jobRoutes: Route[] = [
  {
    method: 'GET',
    path: 'plan/job',
    handler: (req, core) => {
      checkPlanId(req.url, core.state.planId);
      const ctx = viewContext(core, req);
      const options = jobViewOptions(req);
      return ok(paginate(selectJobs(core, req), pageRequest(req), (j) => jobView(ctx, j, options)));
    },
  },
  {
    method: 'GET',
    path: 'plan/job/count',
    handler: (req, core) => {
      checkPlanId(req.url, core.state.planId);
      const filter = parsePlanFilter(req.url.searchParams.get('plan_filter') ?? '/@/@#/@/@.@', 'job');
      const jobs = core.state.jobOrder.filter((j) => {
        const s = core.state.streamOf(j);
        return filter.matches(s.workstation, s.name, j.name);
      });
      const groupings = Object.fromEntries(
        Object.entries(GROUPINGS).map(([k, f]) => [k, (j: SimJob) => f(core, j)]),
      );
      return ok(groupedCount(jobs, req.url.searchParams.get('grouping_filters'), groupings));
    },
  },
  {
    method: 'GET',
    path: 'plan/job/{job_id}',
    handler: (req, core) => {
      checkPlanId(req.url, core.state.planId);
      return ok(
        jobView(viewContext(core, req), findJob(core, req.params['job_id'] ?? ''), jobViewOptions(req)),
      );
    },
  },
];
