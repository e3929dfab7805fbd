// Operator actions on jobs (PUT /plan/job/{job_id}/action/* and PUT /plan/job/run/{run_id}/action/rerun).
// Each checks the job's state like conman does and throws INVALID_ACTION (400) otherwise; the effect
// goes through the engine so successors are woken consistently.
import { SimError } from '../errors.js';
import { idOf } from '../ids.js';
import type { SimJob, SimRun } from '../plan/types.js';
import { RUNNING_JOB_STATUSES, type JobStatus } from '../statuses.js';
import type { Engine } from './engine.js';

export const JOB_ACTIONS = [
  'hold',
  'release',
  'cancel',
  'kill',
  'confirm-succ',
  'confirm-abend',
  'release-all-dependencies',
  'update-priority',
] as const;
export type JobAction = (typeof JOB_ACTIONS)[number];

export interface ActionParams {
  /** confirm-*: output conditions to mark satisfied. */
  conditions?: string[];
  /** update-priority. */
  priority?: number;
}

const WAITING: ReadonlySet<JobStatus> = new Set(['HOLD', 'READY', 'FENCE']);

function refuse(job: SimJob, action: string, why = `it is in the ${job.status} state`): never {
  throw new SimError(
    'INVALID_ACTION',
    `The action "${action}" cannot be performed on job "${job.key}" because ${why}.`,
  );
}

function markConditions(run: SimRun, names: readonly string[] | undefined): void {
  for (const name of names ?? []) {
    const found = run.outputConditions.find((c) => c.name === name);
    if (found) found.satisfied = true;
    else run.outputConditions.push({ name, expression: 'confirmed', satisfied: true });
  }
}

function confirm(engine: Engine, job: SimJob, to: 'SUCC' | 'ABEND', params: ActionParams): void {
  const action = to === 'SUCC' ? 'confirm-succ' : 'confirm-abend';
  if (job.status === to || job.status === 'CANCL' || job.status === 'SUCCP' || job.status === 'ABENP')
    refuse(job, action);
  const run = engine.state.lastRun(job);
  run.confirmed = true;
  if (job.status === 'EXEC') {
    // The job keeps running; it ends in the confirmed state (conman SUCCP/ABENP).
    engine.setStatus(job, to === 'SUCC' ? 'SUCCP' : 'ABENP');
    engine.scheduleFinish(job);
    markConditions(run, params.conditions);
    return;
  }
  if (
    !WAITING.has(job.status) &&
    job.status !== 'SUCC' &&
    job.status !== 'ABEND' &&
    job.status !== 'FAIL' &&
    job.status !== 'SUPPR'
  )
    refuse(job, action);
  if (run.startedAt !== undefined && run.endedAt === undefined) run.endedAt = engine.now;
  engine.setStatus(job, to);
  job.canceled = false;
  markConditions(run, params.conditions);
  engine.jobEnded(job);
}

export function applyJobAction(
  engine: Engine,
  job: SimJob,
  action: JobAction,
  params: ActionParams = {},
): void {
  switch (action) {
    case 'hold':
      if (!WAITING.has(job.status)) refuse(job, action);
      if (job.priority === 0) refuse(job, action, 'it is already held');
      job.priority = 0;
      engine.evaluate(job);
      return;
    case 'release':
      if (job.priority !== 0 || !WAITING.has(job.status)) refuse(job, action, 'it is not held');
      job.priority = job.origPriority > 0 ? job.origPriority : 10;
      engine.evaluate(job);
      return;
    case 'cancel':
      if (RUNNING_JOB_STATUSES.has(job.status)) refuse(job, action, 'it is running (use kill)');
      if (job.status === 'SUCC' || job.status === 'CANCL') refuse(job, action);
      job.canceled = true;
      engine.setStatus(job, 'CANCL');
      engine.jobEnded(job);
      return;
    case 'kill':
      if (job.status !== 'EXEC') refuse(job, action, `it is not running (${job.status})`);
      engine.finish(job, { status: 'ABEND' });
      return;
    case 'confirm-succ':
      confirm(engine, job, 'SUCC', params);
      return;
    case 'confirm-abend':
      confirm(engine, job, 'ABEND', params);
      return;
    case 'release-all-dependencies': {
      if (!WAITING.has(job.status) && job.status !== 'SUPPR') refuse(job, action);
      const pending = job.deps.filter((d) => !d.released);
      if (pending.length === 0) refuse(job, action, 'it has no dependencies to release');
      for (const dep of pending) dep.released = true;
      if (job.status === 'SUPPR') engine.setStatus(job, 'HOLD');
      engine.evaluate(job);
      return;
    }
    case 'update-priority': {
      const p = params.priority;
      if (p === undefined || !Number.isInteger(p) || p < 0 || p > 101)
        throw new SimError('INVALID_PARAMETER', 'The priority must be an integer between 0 and 101.');
      if (!WAITING.has(job.status)) refuse(job, action);
      job.priority = p;
      engine.evaluate(job);
      return;
    }
  }
}

export interface RerunDetails {
  stepName?: string;
  from?: string;
  priority?: number;
  startTime?: number;
}

const RERUNNABLE: ReadonlySet<JobStatus> = new Set(['ABEND', 'FAIL', 'SUCC', 'CANCL']);

/** Reruns the job owning `run`: a new run instance becomes last in the rerun chain. */
export function rerunJob(engine: Engine, job: SimJob, details: RerunDetails = {}): SimRun {
  if (!RERUNNABLE.has(job.status)) refuse(job, 'rerun');
  const { state } = engine;
  const previous = state.lastRun(job);
  previous.status = job.status;
  const attempt = job.runs.length + 1;
  const def = state.definitions.get(job.definitionId);
  const run: SimRun = {
    id: idOf('run', `${job.key}:${attempt}`),
    attempt,
    rerunType: details.stepName ? 'RERUN_STEP' : details.from ? 'RERUN_FROM' : 'RERUN',
    status: 'HOLD',
    submittedAt: engine.now,
    plannedMs: def?.estimatedMs ?? previous.plannedMs,
    outcome: { status: 'SUCC', returnCode: 0 },
    confirmed: false,
    outputConditions: [],
  };
  if (details.stepName) run.step = details.stepName;
  state.addRun(job, run);
  job.canceled = false;
  if (details.priority !== undefined) job.priority = details.priority;
  else if (job.priority === 0) job.priority = job.origPriority || 10;
  if (details.startTime !== undefined) job.startTime = details.startTime;
  else delete job.startTime;
  engine.setStatus(job, 'HOLD');
  engine.evaluate(job);
  engine.jobEnded(job);
  return run;
}
