// Job logs as text/plain (NOTES §2.2 rows 4–5): by run id, or by filter (the last run of the first match).
import type { SimCore } from '../core.js';
import { jobLogText, renderJobLog } from '../dataset/joblog.js';
import { SimError } from '../errors.js';
import { boolParam, checkPlanId, optionalIntParam } from '../http/params.js';
import type { Route, SimRequest, SimResponse } from '../http/types.js';
import type { SimJob, SimRun } from '../plan/types.js';
import { selectJobs } from './jobs.js';

function logResponse(core: SimCore, req: SimRequest, job: SimJob, run: SimRun): SimResponse {
  const log = renderJobLog(core.state, job, run, core.engine.now);
  if (!log)
    throw new SimError(
      'JOBLOG_NOT_AVAILABLE',
      `The job log of run "${run.id}" is not available because the job "${job.key}" has not started.`,
    );
  const from = optionalIntParam(req.url, 'from_line', 1);
  const to = optionalIntParam(req.url, 'to_line', 1);
  return { status: 200, text: jobLogText(log, boolParam(req.url, 'contentOnly', false), from, to) };
}

export const jobLogRoutes: Route[] = [
  {
    method: 'GET',
    path: 'plan/job/run/{run_id}/joblog',
    handler: (req, core) => {
      checkPlanId(req.url, core.state.planId);
      const ref = core.state.runs.get(req.params['run_id'] ?? '');
      if (!ref)
        throw new SimError(
          'NOT_FOUND',
          `The job run "${req.params['run_id'] ?? ''}" was not found in the plan.`,
        );
      return logResponse(core, req, ref.job, ref.run);
    },
  },
  {
    method: 'GET',
    path: 'plan/job/joblog',
    handler: (req, core) => {
      checkPlanId(req.url, core.state.planId);
      if (!req.url.searchParams.get('oql') && !req.url.searchParams.get('plan_filter'))
        throw new SimError('INVALID_PARAMETER', 'Specify oql or plan_filter.');
      const job = selectJobs(core, req)[0];
      if (!job) throw new SimError('NOT_FOUND', 'No job run matches the filter.');
      return logResponse(core, req, job, core.state.lastRun(job));
    },
  },
];
