// Values derived from the plan rather than stored: job stream status and dependency states. Shared by
// the engine (to decide what may run) and the views (to report it), so both always agree.
import { streamStatusFromJobs, type JobStatus, type JobStreamStatus } from '../statuses.js';
import type { PlanState } from './state.js';
import type { ConditionStatus, SimDependency, SimJob, SimJobStream } from './types.js';

export type DependencyState = 'SATISFIED' | 'UNSATISFIED' | 'UNDECIDED';

export function streamStatus(state: PlanState, stream: SimJobStream): JobStreamStatus {
  const statuses: JobStatus[] = [];
  for (const id of stream.jobIds) {
    const job = state.jobs.get(id);
    if (job) statuses.push(job.status);
  }
  return streamStatusFromJobs(statuses, stream.held, stream.canceled);
}

const UNKNOWN_STATUSES: ReadonlySet<JobStatus> = new Set(['UNDCDED', 'EXTRN', 'ERROR']);

function conditionMatches(condition: ConditionStatus, status: JobStatus): boolean {
  switch (condition) {
    case 'SUCC':
      return status === 'SUCC';
    case 'ABEND':
      return status === 'ABEND';
    case 'FAIL':
      return status === 'FAIL';
    case 'ERROR':
      return status === 'ABEND' || status === 'FAIL';
    case 'SUPPR':
    case 'SUPPRESS':
      return status === 'SUPPR';
    case 'STARTED':
    case 'EXEC':
      return status === 'EXEC' || status === 'SUCC' || status === 'ABEND';
    case 'COMPLETED':
    case 'DUMMY_COMPLETED':
      return status === 'SUCC' || status === 'ABEND' || status === 'FAIL';
  }
}

/** A dependency is conditional when it names output conditions or explicit status conditions. */
export function isConditional(dep: SimDependency): boolean {
  return (dep.outputConditions?.length ?? 0) > 0 || (dep.statusConditions?.length ?? 0) > 0;
}

function jobDependencyState(dep: SimDependency, pred: SimJob, state: PlanState): DependencyState {
  if (UNKNOWN_STATUSES.has(pred.status)) return 'UNDECIDED';
  if (dep.outputConditions?.length) {
    if (pred.status !== 'SUCC' && pred.status !== 'ABEND') return 'UNSATISFIED';
    const run = state.lastRun(pred);
    const ok = dep.outputConditions.every((name) =>
      run.outputConditions.some((c) => c.name === name && c.satisfied),
    );
    return ok ? 'SATISFIED' : 'UNSATISFIED';
  }
  if (dep.statusConditions?.length) {
    return dep.statusConditions.some((c) => conditionMatches(c, pred.status)) ? 'SATISFIED' : 'UNSATISFIED';
  }
  // Plain follows: a successful, cancelled or suppressed predecessor releases its successors [INFERRED].
  return pred.status === 'SUCC' || pred.status === 'CANCL' || pred.status === 'SUPPR'
    ? 'SATISFIED'
    : 'UNSATISFIED';
}

export function dependencyState(state: PlanState, dep: SimDependency): DependencyState {
  if (dep.released) return 'SATISFIED';
  switch (dep.type) {
    case 'INTERNAL':
    case 'EXTERNAL_JOB': {
      const pred = dep.predJobId ? state.jobs.get(dep.predJobId) : undefined;
      return pred ? jobDependencyState(dep, pred, state) : 'UNDECIDED';
    }
    case 'EXTERNAL_JOBSTREAM': {
      const pred = dep.predStreamId ? state.streams.get(dep.predStreamId) : undefined;
      if (!pred) return 'UNDECIDED';
      const status = streamStatus(state, pred);
      return status === 'SUCC' || status === 'CANCL' ? 'SATISFIED' : 'UNSATISFIED';
    }
    case 'PROMPT':
      return dep.prompt?.answered ? 'SATISFIED' : 'UNSATISFIED';
    case 'RESOURCE': {
      const res = dep.resource ? state.resources.get(dep.resource.name) : undefined;
      return res && dep.resource && res.available >= dep.resource.quantity ? 'SATISFIED' : 'UNSATISFIED';
    }
  }
}

/** True when a conditional dependency can no longer be met: its predecessor ended the other way. */
export function isDecidedUnmet(state: PlanState, dep: SimDependency): boolean {
  if (dep.released || !isConditional(dep) || !dep.predJobId) return false;
  const pred = state.jobs.get(dep.predJobId);
  if (!pred) return false;
  const ended =
    pred.status === 'SUCC' ||
    pred.status === 'ABEND' ||
    pred.status === 'FAIL' ||
    pred.status === 'CANCL' ||
    pred.status === 'SUPPR';
  return ended && dependencyState(state, dep) !== 'SATISFIED';
}

/** Whether jobs can be launched on the workstation: linked (or the manager), or a pool with a live member. */
export function workstationAvailable(state: PlanState, name: string): boolean {
  const ws = state.workstationsByName.get(name);
  if (!ws) return false;
  if (ws.type === 'POOL' || ws.type === 'D-POOL')
    return ws.members.some((m) => workstationAvailable(state, m));
  return ws.activeStates.includes('LINKED') || ws.activeStates.includes('MASTER');
}
