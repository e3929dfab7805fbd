// Status vocabularies (enums copied from the spec) and the internal → common mapping of NOTES §3.3.
// The mapping is [INFERRED]: HCL documents both vocabularies but no distributed mapping table.

export const JOB_STATUSES = [
  'HOLD',
  'READY',
  'FENCE',
  'INTRO',
  'FAIL',
  'EXEC',
  'WAIT',
  'SUPPR',
  'END',
  'SUCC',
  'SUCCP',
  'ABEND',
  'CANCL',
  'CANCLP',
  'ABENP',
  'PEND',
  'SUSP',
  'STUCK',
  'EXTRN',
  'INTRPT',
  'COMPLT',
  'ERROR',
  'PENDPRED',
  'STARTED',
  'UNDCDED',
  'ARRVING',
  'NONREPPRED',
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const JOB_SUBSTATUSES = [
  'HOLD_WAITING_FOR_PREDECESSOR',
  'HOLD_UNEXPECTED_PREDECESSOR_CONDITION',
  'HOLD_WAITING_FOR_TIME',
  'HOLD_WAITING_FOR_PROMPT',
  'HOLD_WAITING_FOR_FILE',
  'HOLD_WAITING_FOR_INPUT',
  'HOLD_PRIORITY_ZERO',
  'READY_WAITING_FOR_RESOURCES',
  'READY_SUPPRESSED',
  'SUPPR_UNSATISFIED_DEPENDENCY',
  'SUPPR_WORKSTATION_IGNORED',
  'READY_SUBMITTED',
  'READY_WAITING_FOR_LIMIT',
  'READY_WAITING_FOR_AGENT',
  'READY_WAITING_FOR_USER_INTERVENTION',
  'SUCC_DO_NOT_RUN',
  'SUCC_COMPLETED',
] as const;
export type JobSubstatus = (typeof JOB_SUBSTATUSES)[number];

export const COMMON_STATUSES = [
  'WAITING',
  'WAITING_FOR_TRIGGER',
  'READY',
  'READY_PREV_WS_NONREP',
  'COMPLETED',
  'SUPPRESS_BY_COND',
  'INTERRUPTED',
  'DUMMY_COMPLETED',
  'RUNNING',
  'SUCCESSFUL',
  'ERROR',
  'CANCELED',
  'HELD',
  'UNDECIDED',
  'BLOCKED',
  'SUPPRESS',
] as const;
export type CommonStatus = (typeof COMMON_STATUSES)[number];

export const JOBSTREAM_STATUSES = [
  'READY',
  'HOLD',
  'EXEC',
  'ABEND',
  'CANCL',
  'CANCLP',
  'SUCC',
  'UNKNOWN',
  'ADD',
  'FAIL',
  'WAIT',
  'INTRO',
  'ABENP',
  'SUCCP',
  'SUSP',
  'STUCK',
  'PEND',
  'BOUND',
  'SUPPR',
  'EXTRN',
  'COMPLETE',
  'DELETED',
  'ERROR',
  'PENDINGPRED',
  'STARTED',
  'UNDECIDED',
  'WAITFORINPUT',
  'INTERRUPTED',
  'NONREPORTINGPRED',
  'SUPPRBYCOND',
] as const;
export type JobStreamStatus = (typeof JOBSTREAM_STATUSES)[number];

/** Statuses from which a job does not move by itself (until rerun, confirm, release...). */
export const FINAL_JOB_STATUSES: ReadonlySet<JobStatus> = new Set([
  'SUCC',
  'ABEND',
  'FAIL',
  'CANCL',
  'SUPPR',
]);
/** Statuses in which a job occupies its workstation. */
export const RUNNING_JOB_STATUSES: ReadonlySet<JobStatus> = new Set([
  'INTRO',
  'WAIT',
  'EXEC',
  'SUCCP',
  'ABENP',
]);

/** NOTES §3.3 [INFERRED]: common status of a job from its internal status, substatus and cancel flag. */
export function commonStatusOfJob(
  status: JobStatus,
  substatus?: JobSubstatus,
  canceled = false,
): CommonStatus {
  if (canceled || status === 'CANCL' || status === 'CANCLP') return 'CANCELED';
  switch (status) {
    case 'HOLD':
      return substatus === 'HOLD_PRIORITY_ZERO' ? 'HELD' : 'WAITING';
    case 'PEND':
    case 'PENDPRED':
    case 'ARRVING':
      return 'WAITING';
    case 'READY':
    case 'FENCE':
      return 'READY';
    case 'INTRO':
    case 'WAIT':
    case 'EXEC':
    case 'SUCCP':
    case 'ABENP':
    case 'STARTED':
      return 'RUNNING';
    case 'SUCC':
    case 'END':
    case 'COMPLT':
      return 'SUCCESSFUL';
    case 'ABEND':
    case 'FAIL':
      return 'ERROR';
    case 'EXTRN':
    case 'ERROR':
    case 'UNDCDED':
    case 'NONREPPRED':
      return 'UNDECIDED';
    case 'SUSP':
    case 'STUCK':
    case 'INTRPT':
      return 'BLOCKED';
    case 'SUPPR':
      return 'SUPPRESS';
  }
  return 'UNDECIDED';
}

/** Common status of a job stream from its internal status [INFERRED, same table as jobs]. */
export function commonStatusOfStream(status: JobStreamStatus, held: boolean): CommonStatus {
  switch (status) {
    case 'HOLD':
      return held ? 'HELD' : 'WAITING';
    case 'READY':
      return 'READY';
    case 'EXEC':
      return 'RUNNING';
    case 'SUCC':
      return 'SUCCESSFUL';
    case 'ABEND':
    case 'FAIL':
      return 'ERROR';
    case 'CANCL':
    case 'CANCLP':
      return 'CANCELED';
    case 'STUCK':
    case 'SUSP':
      return 'BLOCKED';
    default:
      return 'UNDECIDED';
  }
}

/**
 * Internal status of a job stream from its jobs [INFERRED from the conman definitions]: running while any
 * job runs; ABEND once a job failed and nothing else can progress; SUCC when every job ended well.
 */
export function streamStatusFromJobs(
  statuses: readonly JobStatus[],
  held: boolean,
  canceled: boolean,
): JobStreamStatus {
  if (canceled) return 'CANCL';
  let running = 0,
    failed = 0,
    done = 0,
    ready = 0;
  for (const s of statuses) {
    if (RUNNING_JOB_STATUSES.has(s)) running++;
    else if (s === 'ABEND' || s === 'FAIL') failed++;
    else if (s === 'SUCC' || s === 'CANCL' || s === 'SUPPR') done++;
    else if (s === 'READY' || s === 'FENCE') ready++;
  }
  if (running > 0) return 'EXEC';
  if (held) return 'HOLD';
  if (failed > 0) return 'ABEND';
  if (statuses.length > 0 && done === statuses.length) return 'SUCC';
  if (ready > 0) return 'READY';
  return 'HOLD';
}
