/**
 * OQL field names Resync filters on. HCL documents OQL's grammar but not its field catalogue
 * (NOTES §8), so these follow the V2 payload names and the simulator accepts exactly them. If a
 * real master disagrees, this is the one place to change.
 */
export const JOB_OQL = {
  id: 'id',
  name: 'name',
  /** Internal status (lastRunCompositeStatus.status): ABEND, SUCC, EXEC, ... */
  internalStatus: 'status',
  /** Common status (lastRunCommonStatus): ERROR, SUCCESSFUL, RUNNING, ... */
  commonStatus: 'commonStatus',
  jobStreamName: 'jobStreamName',
  jobStreamId: 'jobStreamId',
  workstation: 'workstation',
} as const;

export const JOB_STREAM_OQL = {
  id: 'id',
  name: 'name',
  commonStatus: 'commonStatus',
  workstation: 'workstation',
} as const;

/** `grouping_filters` of plan/job/count: by common and by internal status in one call. */
export const JOB_COUNT_GROUPING = ['commonStatus', 'status'] as const;
