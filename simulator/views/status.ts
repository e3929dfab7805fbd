// JobInPlanCompositeStatusV2 / JobStreamInPlanCompositeStatusV2.
import { streamStatus } from '../plan/derive.js';
import type { PlanState } from '../plan/state.js';
import type { SimJob, SimJobStream, SimRun } from '../plan/types.js';
import { RUNNING_JOB_STATUSES, type JobStatus, type JobSubstatus } from '../statuses.js';

export function compositeStatus(
  status: JobStatus,
  substatus: JobSubstatus | undefined,
  canceled: boolean,
  started: boolean,
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    status,
    canceled,
    error: status === 'ABEND' || status === 'FAIL',
    started,
    cancelPending: false,
    dontRun: status === 'SUPPR',
  };
  if (substatus) out['substatus'] = substatus;
  return out;
}

export function runStarted(run: SimRun): boolean {
  return run.startedAt !== undefined;
}

export function jobCompositeStatus(job: SimJob): Record<string, unknown> {
  const last = job.runs[job.runs.length - 1];
  return compositeStatus(
    job.status,
    job.substatus,
    job.canceled,
    RUNNING_JOB_STATUSES.has(job.status) || (last ? runStarted(last) : false),
  );
}

export function streamCompositeStatus(state: PlanState, stream: SimJobStream): Record<string, unknown> {
  const status = streamStatus(state, stream);
  let started = false;
  for (const id of stream.jobIds) {
    const job = state.jobs.get(id);
    if (job && job.runs.some(runStarted)) {
      started = true;
      break;
    }
  }
  return {
    status,
    canceled: stream.canceled,
    error: status === 'ABEND',
    started,
    cancelPending: false,
    dontRun: false,
  };
}
