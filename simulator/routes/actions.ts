// Job actions, exactly at the spec's paths: PUT plan/job/{job_id}/action/{hold|release|cancel|kill|
// confirm-succ|confirm-abend|release-all-dependencies|update-priority}, the same by filter
// (PUT plan/job/action/{action}?oql=&max_object_affected=) and PUT plan/job/run/{run_id}/action/rerun.
import type { SimCore } from '../core.js';
import {
  applyJobAction,
  JOB_ACTIONS,
  rerunJob,
  type ActionParams,
  type JobAction,
  type RerunDetails,
} from '../engine/actions.js';
import { SimError } from '../errors.js';
import { intParam, optionalIntParam } from '../http/params.js';
import type { Route, SimRequest, SimResponse } from '../http/types.js';
import type { SimJob } from '../plan/types.js';
import { apiUrl } from '../views/context.js';
import { selectJobs } from './jobs.js';
import { findJob, viewContext } from './shared.js';

function bodyObject(req: SimRequest): Record<string, unknown> {
  if (req.body === undefined || req.body === null) return {};
  if (typeof req.body !== 'object' || Array.isArray(req.body))
    throw new SimError('INVALID_BODY', 'The request body must be a JSON object.');
  return req.body as Record<string, unknown>;
}

function actionParams(req: SimRequest, action: JobAction): ActionParams {
  const params: ActionParams = {};
  if (action === 'update-priority') {
    const p = optionalIntParam(req.url, 'priority');
    if (p !== undefined) params.priority = p;
  }
  if (action === 'confirm-succ' || action === 'confirm-abend') {
    const conditions = bodyObject(req)['conditions'];
    if (conditions !== undefined) {
      if (!Array.isArray(conditions) || !conditions.every((c) => typeof c === 'string'))
        throw new SimError('INVALID_BODY', 'conditions must be an array of strings.');
      params.conditions = conditions;
    }
  }
  return params;
}

function rerunDetails(req: SimRequest): RerunDetails {
  const b = bodyObject(req);
  const details: RerunDetails = {};
  if (b['stepName'] !== undefined) {
    if (typeof b['stepName'] !== 'string' || b['stepName'] === '')
      throw new SimError('INVALID_BODY', 'stepName must be a non-empty string.');
    details.stepName = b['stepName'];
  }
  const from = b['jobDefinitionDbIdentifier'] ?? b['jobDefinitionDbKey'];
  if (from !== undefined) {
    if (typeof from !== 'string')
      throw new SimError('INVALID_BODY', 'jobDefinitionDbIdentifier/jobDefinitionDbKey must be strings.');
    details.from = from;
  }
  if (b['priority'] !== undefined) {
    if (!Number.isInteger(b['priority']) || (b['priority'] as number) < 0 || (b['priority'] as number) > 101)
      throw new SimError('INVALID_BODY', 'priority must be an integer between 0 and 101.');
    details.priority = b['priority'] as number;
  }
  if (b['startTime'] !== undefined) {
    const ms = typeof b['startTime'] === 'string' ? Date.parse(b['startTime']) : NaN;
    if (Number.isNaN(ms)) throw new SimError('INVALID_BODY', 'startTime must be an ISO-8601 instant.');
    details.startTime = ms;
  }
  return details;
}

function resourceResponse(
  core: SimCore,
  req: SimRequest,
  id: string,
  job: SimJob,
  extra: Record<string, unknown> = {},
): SimResponse {
  return {
    status: 200,
    json: { id, url: apiUrl(viewContext(core, req), `plan/job/${job.id}`), ...extra },
    jobId: job.id,
  };
}

const byId: Route[] = JOB_ACTIONS.map((action) => ({
  method: 'PUT' as const,
  path: `plan/job/{job_id}/action/${action}`,
  handler: (req: SimRequest, core: SimCore) => {
    const job = findJob(core, req.params['job_id'] ?? '');
    applyJobAction(core.engine, job, action, actionParams(req, action));
    // release-all-dependencies answers ActionResourceResponseV2 in the spec; the others ResourceResponseV2.
    const extra =
      action === 'release-all-dependencies'
        ? { message: 'The dependencies were released.', isError: false, error: false }
        : {};
    return resourceResponse(core, req, job.id, job, extra);
  },
}));

const FILTER_ACTIONS = [
  'hold',
  'release',
  'cancel',
  'kill',
  'confirm-succ',
  'confirm-abend',
  'release-all-dependencies',
  'rerun',
] as const;

const byFilter: Route[] = FILTER_ACTIONS.map((action) => ({
  method: 'PUT' as const,
  path: `plan/job/action/${action}`,
  handler: (req: SimRequest, core: SimCore) => {
    if (!req.url.searchParams.get('oql') && !req.url.searchParams.get('plan_filter'))
      throw new SimError('INVALID_PARAMETER', 'Specify oql or plan_filter.');
    const max = intParam(req.url, 'max_object_affected', 1, 1);
    const jobs = selectJobs(core, req);
    // [INFERRED] more matches than max_object_affected refuses the whole request rather than act on some.
    if (jobs.length > max)
      throw new SimError(
        'INVALID_PARAMETER',
        `The filter matches ${jobs.length} jobs, more than max_object_affected=${max}.`,
      );
    const ctx = viewContext(core, req);
    const successfulResourceResponses: unknown[] = [];
    const failedResourceResponses: unknown[] = [];
    for (const job of jobs) {
      const url = apiUrl(ctx, `plan/job/${job.id}`);
      try {
        if (action === 'rerun') rerunJob(core.engine, job, rerunDetails(req));
        else applyJobAction(core.engine, job, action, actionParams(req, action));
        successfulResourceResponses.push({
          id: job.id,
          url,
          message: `${action} submitted`,
          isError: false,
          error: false,
        });
      } catch (err) {
        if (!(err instanceof SimError)) throw err;
        failedResourceResponses.push({
          id: job.id,
          url,
          message: err.body().messages[0],
          isError: true,
          error: true,
        });
      }
    }
    return { status: 200, json: { successfulResourceResponses, failedResourceResponses } };
  },
}));

const rerun: Route = {
  method: 'PUT',
  path: 'plan/job/run/{run_id}/action/rerun',
  handler: (req, core) => {
    const id = req.params['run_id'] ?? '';
    const ref = core.state.runs.get(id);
    if (!ref) throw new SimError('NOT_FOUND', `The job run "${id}" was not found in the plan.`);
    const run = rerunJob(core.engine, ref.job, rerunDetails(req));
    return resourceResponse(core, req, run.id, ref.job);
  },
};

export const actionRoutes: Route[] = [...byId, ...byFilter, rerun];
