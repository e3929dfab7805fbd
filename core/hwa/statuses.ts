import type { CommonStatus, JobInPlanStatus, JobInPlanSubStatus } from './types.js';

/** The GraphQL `JobStatus` (tws schema, agents' tools): HWA's common statuses of distributed engines (DESIGN §2). */
export const JOB_STATUSES = [
  'WAITING',
  'READY',
  'HELD',
  'RUNNING',
  'SUCCESSFUL',
  'ERROR',
  'CANCELED',
  'BLOCKED',
  'UNDECIDED',
  'SUPPRESS',
] as const satisfies readonly CommonStatus[];
export type JobStatus = (typeof JOB_STATUSES)[number];

/** Every internal status HWA's schema defines (`JobInPlanStatus`); a test compares with the spec. */
export const JOB_INTERNAL_STATUSES = [
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
] as const satisfies readonly JobInPlanStatus[];

const KNOWN_INTERNAL: ReadonlySet<string> = new Set(JOB_INTERNAL_STATUSES);

export function isInternalStatus(value: string): value is JobInPlanStatus {
  return KNOWN_INTERNAL.has(value);
}

/** z/OS-flavoured common statuses HWA may also send, folded into the ten distributed ones. */
const COMMON_ALIASES: Readonly<Partial<Record<CommonStatus, JobStatus>>> = {
  WAITING_FOR_TRIGGER: 'WAITING',
  READY_PREV_WS_NONREP: 'READY',
  COMPLETED: 'SUCCESSFUL',
  DUMMY_COMPLETED: 'SUCCESSFUL',
  SUPPRESS_BY_COND: 'SUPPRESS',
  INTERRUPTED: 'BLOCKED',
};

/**
 * Internal → common when HWA leaves `lastRunCommonStatus` out. HCL publishes no table for
 * distributed engines (NOTES §3.3); this is the inferred one the simulator also follows.
 */
const FROM_INTERNAL: Readonly<Record<JobInPlanStatus, JobStatus>> = {
  HOLD: 'WAITING',
  PEND: 'WAITING',
  PENDPRED: 'WAITING',
  ARRVING: 'WAITING',
  READY: 'READY',
  FENCE: 'READY',
  INTRO: 'RUNNING',
  WAIT: 'RUNNING',
  EXEC: 'RUNNING',
  SUCCP: 'RUNNING',
  ABENP: 'RUNNING',
  STARTED: 'RUNNING',
  SUCC: 'SUCCESSFUL',
  END: 'SUCCESSFUL',
  COMPLT: 'SUCCESSFUL',
  ABEND: 'ERROR',
  FAIL: 'ERROR',
  CANCL: 'CANCELED',
  CANCLP: 'CANCELED',
  EXTRN: 'UNDECIDED',
  ERROR: 'UNDECIDED',
  UNDCDED: 'UNDECIDED',
  NONREPPRED: 'UNDECIDED',
  SUSP: 'BLOCKED',
  STUCK: 'BLOCKED',
  INTRPT: 'BLOCKED',
  SUPPR: 'SUPPRESS',
};

export function commonStatusOf(
  common: string | undefined,
  internal: string | undefined,
  substatus?: JobInPlanSubStatus | string,
  canceled?: boolean,
): JobStatus {
  if (common !== undefined) {
    if ((JOB_STATUSES as readonly string[]).includes(common)) return common as JobStatus;
    const alias = COMMON_ALIASES[common as CommonStatus];
    if (alias) return alias;
  }
  if (canceled) return 'CANCELED';
  if (internal === 'HOLD' && substatus === 'HOLD_PRIORITY_ZERO') return 'HELD';
  return internal !== undefined && isInternalStatus(internal) ? FROM_INTERNAL[internal] : 'UNDECIDED';
}
