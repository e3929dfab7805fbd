// JobInPlanV2 with its JobRunInstanceV2 list and JobDefinitionInPlanV2. Status lives in
// lastRunCompositeStatus/lastRunCommonStatus; return code and times live on jobruns[] (NOTES §2.3).
import { ENGINE_ID, ROOT_FOLDER_ID, idOf } from '../ids.js';
import type { SimJob, SimRun } from '../plan/types.js';
import { commonStatusOfJob } from '../statuses.js';
import { PLAN_TIME_ZONE, iso, isoDuration } from '../time.js';
import { compact, type ViewContext } from './context.js';
import { dependenciesStats, dependencyView } from './dependency.js';
import { compositeStatus, jobCompositeStatus, runStarted } from './status.js';

export interface JobViewOptions {
  /** `scope: ...NO_DEPENDENCIES` leaves dependencies out. */
  dependencies: boolean;
  /** `scope: ...NO_JOB_DEFINITIONS...` leaves jobDefinition out. */
  definition: boolean;
}

export const WHOLE: JobViewOptions = { dependencies: true, definition: true };

function taskObject(def: { task: { type: string; command: string; user: string } }): Record<string, unknown> {
  const key = def.task.type === 'WINDOWS' ? 'windows' : 'unix';
  return { [key]: { taskString: def.task.command, userName: def.task.user, isCommand: false } };
}

export function jobDefinitionInPlan(ctx: ViewContext, job: SimJob): Record<string, unknown> | undefined {
  const def = ctx.state.definitions.get(job.definitionId);
  if (!def) return undefined;
  const ws = ctx.state.workstationsByName.get(def.workstation);
  return compact({
    id: idOf('plan-jobdefinition', job.key),
    jobDefinitionModelId: def.adHoc ? undefined : def.id,
    folderId: ROOT_FOLDER_ID,
    folder: '/',
    name: def.name,
    workstationId: ws?.id,
    workstation: def.workstation,
    cpuFolderId: ROOT_FOLDER_ID,
    task: taskObject(def),
    isCommand: false,
    estimatedDuration: isoDuration(def.estimatedMs),
    planId: ctx.state.planId,
    userLogins: [def.task.user],
    recoveryOption: def.recovery,
  });
}

export function runView(
  ctx: ViewContext,
  job: SimJob,
  run: SimRun,
  isLast: boolean,
): Record<string, unknown> {
  const status = isLast ? job.status : run.status;
  const substatus = isLast ? job.substatus : undefined;
  const canceled = isLast ? job.canceled : run.status === 'CANCL';
  const def = ctx.state.definitions.get(job.definitionId);
  const end = run.endedAt ?? (run.startedAt !== undefined && status === 'EXEC' ? ctx.now : undefined);
  return compact({
    id: run.id,
    name: job.name,
    jobId: job.id,
    jobKey: job.key,
    actualWorkstation: run.actualWorkstation,
    jobNumber: run.jobNumber,
    compositeStatus: compositeStatus(status, substatus, canceled, runStarted(run)),
    commonStatus: commonStatusOfJob(status, substatus, canceled),
    returnCode: run.returnCode,
    rerunJob: run.attempt > 1,
    confirmed: run.confirmed,
    released: false,
    rerunType: run.rerunType,
    step: run.step,
    timeInfo: compact({
      estimatedDuration: def ? isoDuration(def.estimatedMs) : undefined,
      actualStartTime: run.startedAt !== undefined ? iso(run.startedAt) : undefined,
      elapsedTime:
        run.startedAt !== undefined && end !== undefined ? isoDuration(end - run.startedAt) : undefined,
      actualEndTime: run.endedAt !== undefined ? iso(run.endedAt) : undefined,
    }),
    submittedTime: iso(run.submittedAt),
    lastInRerunChain: isLast,
    minDurationNotReached: false,
    maxDurationGone: false,
    runAttempt: run.attempt,
    outputConditions: run.outputConditions.length
      ? run.outputConditions.map((c) => ({
          conditionName: c.name,
          mappingExpression: c.expression,
          isSuccCondition: false,
          isSatisfied: c.satisfied,
          jobInPlanId: job.id,
        }))
      : undefined,
  });
}

export function jobView(
  ctx: ViewContext,
  job: SimJob,
  options: JobViewOptions = WHOLE,
): Record<string, unknown> {
  const { state, now } = ctx;
  const stream = state.streamOf(job);
  const ws = state.workstationsByName.get(job.workstation);
  const streamWs = state.workstationsByName.get(stream.workstation);
  const def = state.definitions.get(job.definitionId);
  const last = state.lastRun(job);
  const running = job.status === 'EXEC';
  const late =
    running && last.startedAt !== undefined && def !== undefined && now - last.startedAt > def.estimatedMs;
  const deadlinePassed = job.deadline !== undefined && now > job.deadline && job.status !== 'SUCC';
  const lastIndex = job.runs.length - 1;
  return compact({
    flowNodeType: 'JOB',
    engineId: ENGINE_ID,
    id: job.id,
    persistentId: job.id,
    planId: state.planId,
    folderId: ROOT_FOLDER_ID,
    folder: '/',
    name: job.name,
    workstationId: ws?.id,
    workstation: job.workstation,
    cpuFolderId: ROOT_FOLDER_ID,
    jobStreamId: stream.id,
    jobStreamName: stream.name,
    jobStreamWorkstationId: streamWs?.id,
    jobStreamWorkstation: stream.workstation,
    position: job.position,
    key: job.key,
    jobDefinitionFlags: { monitored: false, aliased: false, interactive: false },
    jobStatusFlags: {
      jobStreamCancelled: stream.canceled,
      promotedToUrgentQueue: false,
      jobLate: late || deadlinePassed,
      userRerunAgain: false,
      restarted: job.runs.length > 1,
      untilGone: false,
      needMessage: job.substatus === 'HOLD_WAITING_FOR_PROMPT',
      deadlineHasPassed: deadlinePassed,
      altJobIssue: false,
    },
    jobOptions: {
      noOperation: false,
      critical: job.critical,
      requiresConfirmation: job.requiresConfirmation,
      every: false,
    },
    lastRunCompositeStatus: jobCompositeStatus(job),
    lastRunCommonStatus: commonStatusOfJob(job.status, job.substatus, job.canceled),
    jobDefinitionRefId: def && !def.adHoc ? def.id : undefined,
    jobDefinition: options.definition ? jobDefinitionInPlan(ctx, job) : undefined,
    priority: job.priority,
    origPriority: job.origPriority,
    jobruns: job.runs.map((run, i) => runView(ctx, job, run, i === lastIndex)),
    schedTime: iso(stream.schedTime),
    timeZone: PLAN_TIME_ZONE,
    timeRestrictions: compact({
      startTime: job.startTime !== undefined ? iso(job.startTime) : undefined,
      deadlineTime: job.deadline !== undefined ? iso(job.deadline) : undefined,
      timeDependent: job.startTime !== undefined,
      startTimeSatisfied: job.startTime !== undefined ? now >= job.startTime : undefined,
      deadlineSatisfied: job.deadline !== undefined ? !deadlinePassed : undefined,
    }),
    dependencies: options.dependencies
      ? job.deps.map((d) => dependencyView(ctx, d, { kind: 'job', job }))
      : undefined,
    dependenciesStats: dependenciesStats(ctx, job.deps),
    endTime: last.endedAt !== undefined ? iso(last.endedAt) : undefined,
    archived: false,
  });
}
