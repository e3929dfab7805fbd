import {
  commonStatusOf,
  type JobInPlan,
  type JobRun,
  type JobStreamInPlan,
  type ModelJobDefinition,
  type WorkstationInPlan,
} from '../../../core/hwa/index.js';
import type {
  JobDefinitionRecord,
  JobRecord,
  JobRunRecord,
  JobStreamRecord,
  WorkstationRecord,
} from './records.js';

const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const num = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;

/**
 * The current run: the one HWA marks last in the rerun chain, else the last element (NOTES §2.3).
 * For HWA's `jobruns[]` and for our records' `runs[]` alike.
 */
export function lastRunOf<R extends { lastInRerunChain?: boolean | undefined }>(
  runs: readonly R[] | undefined,
): R | undefined {
  return runs?.find((r) => r.lastInRerunChain === true) ?? runs?.at(-1);
}

function runRecord(run: JobRun, index: number): JobRunRecord | undefined {
  if (!run.id) return undefined;
  const internal = run.compositeStatus?.status;
  return {
    id: run.id,
    attempt: num(run.runAttempt) ?? index + 1,
    status: commonStatusOf(
      run.commonStatus,
      internal,
      run.compositeStatus?.substatus,
      run.compositeStatus?.canceled,
    ),
    internalStatus: internal ?? 'UNDCDED',
    returnCode: num(run.returnCode),
    startTime: str(run.timeInfo?.actualStartTime),
    endTime: str(run.timeInfo?.actualEndTime),
    rerunType: str(run.rerunType),
    lastInRerunChain: run.lastInRerunChain === true,
    workstation: str(run.actualWorkstation),
    jobNumber: num(run.jobNumber),
  };
}

/** JobInPlanV2 → JobRecord; undefined for a payload without an id (nothing can address it). */
export function toJobRecord(job: JobInPlan): JobRecord | undefined {
  if (!job.id) return undefined;
  const composite = job.lastRunCompositeStatus;
  const last = lastRunOf(job.jobruns);
  const runs = (job.jobruns ?? []).map(runRecord).filter((r): r is JobRunRecord => r !== undefined);
  return {
    id: job.id,
    name: job.name ?? job.id,
    key: str(job.key),
    status: commonStatusOf(
      job.lastRunCommonStatus,
      composite?.status,
      composite?.substatus,
      composite?.canceled,
    ),
    internalStatus: composite?.status ?? last?.compositeStatus?.status ?? 'UNDCDED',
    substatus: str(composite?.substatus),
    returnCode: num(last?.returnCode),
    startTime: str(last?.timeInfo?.actualStartTime),
    endTime: str(last?.timeInfo?.actualEndTime) ?? str(job.endTime),
    estimatedDuration: str(job.jobDefinition?.estimatedDuration) ?? str(last?.timeInfo?.estimatedDuration),
    scheduledTime: str(job.schedTime),
    priority: num(job.priority),
    critical: job.jobOptions?.critical === true,
    late: job.jobStatusFlags?.jobLate === true || job.jobStatusFlags?.deadlineHasPassed === true,
    jobStreamId: job.jobStreamId ?? '',
    jobStreamName: job.jobStreamName ?? '',
    workstationId: str(job.workstationId),
    workstationName: job.workstation ?? '',
    definitionId: str(job.jobDefinitionRefId) ?? str(job.jobDefinition?.jobDefinitionModelId),
    runs,
  };
}

export function toJobStreamRecord(stream: JobStreamInPlan): JobStreamRecord | undefined {
  if (!stream.id) return undefined;
  const composite = stream.compositeStatus;
  const stats = stream.jobStreamStats;
  return {
    id: stream.id,
    name: stream.name ?? stream.originalJobStreamName ?? stream.id,
    key: str(stream.key),
    status: commonStatusOf(stream.commonStatus, composite?.status, composite?.substatus, composite?.canceled),
    internalStatus: composite?.status ?? 'UNKNOWN',
    workstationName: str(stream.workstation),
    workstationId: str(stream.workstationId),
    scheduledTime: str(stream.schedTime),
    startTime: str(stream.timeInfo?.actualStartTime),
    endTime: str(stream.timeInfo?.actualEndTime),
    priority: num(stream.priority),
    stats: {
      total: num(stats?.numberOfJob) ?? 0,
      successful: num(stats?.numberOfSuccessfullJob) ?? 0,
      running: num(stats?.numberOfExecutingJob) ?? 0,
      abended: num(stats?.numberOfAbendedJob) ?? 0,
      failed: num(stats?.numberOfFailedJob) ?? 0,
      notRunning: num(stats?.numberOfNotRunningJob) ?? 0,
      undecided: num(stats?.numberOfUndecidedJob) ?? 0,
    },
  };
}

export function toWorkstationRecord(ws: WorkstationInPlan): WorkstationRecord | undefined {
  if (!ws.id || !ws.name) return undefined;
  return {
    id: ws.id,
    name: ws.name,
    type: ws.type ?? 'UNKNOWN',
    os: str(ws.os),
    activeStates: [...(ws.activeStates ?? [])],
    fence: num(ws.fence),
    limit: num(ws.limit),
    nodeName: str(ws.nodeName),
    domainName: str(ws.domainName),
    version: str(ws.version),
    timeZone: str(ws.timeZone),
  };
}

/** The task object is untyped in HCL's schema: `{ <TYPE>: { taskString, userName } }` in practice. */
function taskOf(task: unknown): { command: string | null; user: string | null } {
  if (task === null || typeof task !== 'object') return { command: null, user: null };
  for (const inner of Object.values(task as Record<string, unknown>)) {
    if (inner !== null && typeof inner === 'object') {
      const t = inner as Record<string, unknown>;
      return { command: str(t['taskString']) ?? str(t['command']), user: str(t['userName']) };
    }
  }
  return { command: null, user: null };
}

export function toJobDefinitionRecord(model: ModelJobDefinition): JobDefinitionRecord | undefined {
  const def = model.def;
  if (!def?.id) return undefined;
  const task = taskOf(def.task);
  const recovery = (def.recovery as { action?: unknown } | undefined)?.action;
  return {
    id: def.id,
    name: def.name,
    workstation: str(def.workstation),
    taskType: str(def.type),
    command: task.command,
    userLogin: task.user ?? def.userLogins?.[0] ?? null,
    recoveryAction: str(recovery),
  };
}
