// JobStreamInPlanV2. Lists leave out dependencies (the spec: "not filled in query results") and jobs;
// GET by id fills both.
import { ENGINE_ID, ROOT_FOLDER_ID } from '../ids.js';
import { streamStatus } from '../plan/derive.js';
import type { SimJob, SimJobStream } from '../plan/types.js';
import { commonStatusOfStream, RUNNING_JOB_STATUSES } from '../statuses.js';
import { PLAN_TIME_ZONE, iso, isoDuration } from '../time.js';
import { compact, type ViewContext } from './context.js';
import { dependenciesStats, dependencyView } from './dependency.js';
import { jobView } from './job.js';
import { streamCompositeStatus } from './status.js';

function jobsOf(ctx: ViewContext, stream: SimJobStream): SimJob[] {
  const out: SimJob[] = [];
  for (const id of stream.jobIds) {
    const job = ctx.state.jobs.get(id);
    if (job) out.push(job);
  }
  return out;
}

function stats(jobs: readonly SimJob[]): Record<string, number> {
  let succ = 0,
    exec = 0,
    abend = 0,
    fail = 0,
    undecided = 0,
    notRunning = 0;
  for (const j of jobs) {
    if (j.status === 'SUCC') succ++;
    else if (RUNNING_JOB_STATUSES.has(j.status)) exec++;
    else if (j.status === 'ABEND') abend++;
    else if (j.status === 'FAIL') fail++;
    else if (j.status === 'UNDCDED' || j.status === 'EXTRN' || j.status === 'ERROR') undecided++;
    else if (j.status !== 'CANCL' && j.status !== 'SUPPR') notRunning++;
  }
  return {
    numberOfJob: jobs.length,
    numberOfSuccessfullJob: succ,
    numberOfExecutingJob: exec,
    numberOfAbendedJob: abend,
    numberOfFailedJob: fail,
    numberOfNotRunningJob: notRunning,
    numberOfUndecidedJob: undecided,
  };
}

function timeInfo(ctx: ViewContext, jobs: readonly SimJob[], done: boolean): Record<string, unknown> {
  let start: number | undefined;
  let end: number | undefined;
  let estimate = 0;
  for (const j of jobs) {
    estimate += ctx.state.definitions.get(j.definitionId)?.estimatedMs ?? 0;
    for (const r of j.runs) {
      if (r.startedAt !== undefined && (start === undefined || r.startedAt < start)) start = r.startedAt;
      if (r.endedAt !== undefined && (end === undefined || r.endedAt > end)) end = r.endedAt;
    }
  }
  const finished = done && end !== undefined ? end : undefined;
  return compact({
    estimatedDuration: isoDuration(estimate),
    actualStartTime: start !== undefined ? iso(start) : undefined,
    elapsedTime: start !== undefined ? isoDuration((finished ?? ctx.now) - start) : undefined,
    actualEndTime: finished !== undefined ? iso(finished) : undefined,
  });
}

export function jobStreamView(
  ctx: ViewContext,
  stream: SimJobStream,
  full: boolean,
): Record<string, unknown> {
  const { state } = ctx;
  const ws = state.workstationsByName.get(stream.workstation);
  const model = state.modelStreams.get(stream.modelId);
  const status = streamStatus(state, stream);
  const jobs = jobsOf(ctx, stream);
  return compact({
    flowNodeType: 'JOBSTREAM',
    engineId: ENGINE_ID,
    id: stream.id,
    persistentId: stream.id,
    planId: state.planId,
    folderId: ROOT_FOLDER_ID,
    folder: '/',
    name: stream.name,
    originalJobStreamName: model?.name ?? stream.name,
    aliasJobStreamName: model && model.name !== stream.name ? stream.name : undefined,
    workstationId: ws?.id,
    workstation: stream.workstation,
    cpuFolderId: ROOT_FOLDER_ID,
    jobStreamModelId: stream.modelId,
    key: stream.key,
    schedTime: iso(stream.schedTime),
    timeZone: PLAN_TIME_ZONE,
    jsDefinitionFlags: {
      aliased: model !== undefined && model.name !== stream.name,
      carriedForward: false,
      isService: false,
    },
    jsStatusFlags: {
      released: false,
      lateJobStream: false,
      pendingPredecessor: false,
      hasEveryJobs: false,
      inOrder: false,
      dontTouch: false,
    },
    jsOptions: { monitored: false, carryForward: stream.carryForward },
    compositeStatus: streamCompositeStatus(state, stream),
    commonStatus: commonStatusOfStream(status, stream.held),
    priority: stream.priority,
    origPriority: stream.origPriority,
    timeInfo: timeInfo(ctx, jobs, status === 'SUCC' || status === 'ABEND' || status === 'CANCL'),
    jobStreamStats: stats(jobs),
    dependencies: full
      ? stream.deps.map((d) => dependencyView(ctx, d, { kind: 'jobstream', stream }))
      : undefined,
    dependenciesStats: dependenciesStats(ctx, stream.deps),
    timeRestrictions: { timeDependent: false },
    limit: stream.limit,
    jobs: full ? jobs.map((j) => jobView(ctx, j)) : undefined,
    submitter: stream.submitter,
    internalIdentifier: stream.internalIdentifier,
    archived: false,
  });
}
