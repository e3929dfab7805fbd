// Submissions into the current plan: a model job stream (POST /plan/jobstream/{id}/submit), a model
// job definition (POST /plan/job/{id}/submit) and an ad-hoc job (POST /plan/job/submit-ad-hoc-job).
// Jobs without an explicit job stream land in the default ad-hoc stream JOBS (NOTES §2.2 row 21).
import { SimError } from '../errors.js';
import { idOf, jobKey } from '../ids.js';
import { instantiateStreams, newRun } from '../plan/instantiate.js';
import type { SimModelJobStream } from '../plan/state.js';
import type { SimDependency, SimJob, SimJobDefinition, SimJobStream, SimTask } from '../plan/types.js';
import { MINUTE } from '../time.js';
import type { Engine } from './engine.js';

export const DEFAULT_STREAM = 'JOBS';

export interface StreamSubmission {
  alias?: string;
  priority?: number;
  inputArrivalTime?: number;
  submitter: string;
}

export function submitJobStream(
  engine: Engine,
  model: SimModelJobStream,
  opts: StreamSubmission,
): SimJobStream {
  const { state } = engine;
  const name = opts.alias ?? model.name;
  const instance = (state.streamsByName.get(name)?.length ?? 0) + 1;
  const [stream] = instantiateStreams(state, [model], {
    instance,
    schedTime: opts.inputArrivalTime ?? engine.now,
    submitter: opts.submitter,
    keepStartTimes: false,
    ...(opts.alias ? { alias: opts.alias } : {}),
    ...(opts.priority !== undefined ? { priority: opts.priority } : {}),
  });
  if (!stream) throw new SimError('INTERNAL_ERROR', 'job stream instantiation produced nothing');
  for (const id of stream.jobIds) {
    const job = state.jobs.get(id);
    if (job) engine.evaluate(job);
  }
  return stream;
}

export interface JobSubmission {
  name: string;
  stream?: SimJobStream;
  workstation: string;
  priority?: number;
  /** Predecessors by plan id (INTERNAL / EXTERNAL_JOB on a job, EXTERNAL_JOBSTREAM on a stream). */
  predecessors: Array<{ jobId?: string; jobStreamId?: string }>;
}

function targetStream(engine: Engine, stream: SimJobStream | undefined): SimJobStream {
  const found = stream ?? engine.state.latestStream(DEFAULT_STREAM);
  if (!found)
    throw new SimError('INVALID_PARAMETER', `The default job stream ${DEFAULT_STREAM} is not in the plan.`);
  return found;
}

function assertFree(engine: Engine, stream: SimJobStream, name: string): void {
  if (engine.state.jobInStream(stream, name)) {
    throw new SimError(
      'ALREADY_EXISTS',
      `The job "${name}" is already present in the destination job stream "${stream.key}".`,
    );
  }
}

function addJob(engine: Engine, def: SimJobDefinition, sub: JobSubmission, adHoc: boolean): SimJob {
  const { state } = engine;
  const stream = targetStream(engine, sub.stream);
  assertFree(engine, stream, sub.name);
  const key = `${jobKey(stream.workstation, stream.name, sub.name)}${stream.instance === 1 ? '' : `@${stream.instance}`}`;
  const priority = sub.priority ?? 10;
  const job: SimJob = {
    id: idOf('job', key),
    key,
    name: sub.name,
    streamId: stream.id,
    workstation: sub.workstation,
    definitionId: def.id,
    position: stream.jobIds.length + 1,
    priority,
    origPriority: priority,
    status: 'HOLD',
    canceled: false,
    critical: false,
    requiresConfirmation: false,
    deps: [],
    runs: [newRun(key, 1, engine.now, def.estimatedMs)],
    version: 0,
    adHoc,
  };
  for (const pred of sub.predecessors) {
    const predJob = pred.jobId ? state.jobs.get(pred.jobId) : undefined;
    const predStream = pred.jobStreamId ? state.streams.get(pred.jobStreamId) : undefined;
    if (pred.jobId && !predJob)
      throw new SimError('INVALID_PARAMETER', `The predecessor job "${pred.jobId}" is not in the plan.`);
    if (!predJob && !predStream)
      throw new SimError(
        'INVALID_PARAMETER',
        `The predecessor job stream "${pred.jobStreamId ?? ''}" is not in the plan.`,
      );
    const type: SimDependency['type'] = predJob
      ? predJob.streamId === stream.id
        ? 'INTERNAL'
        : 'EXTERNAL_JOB'
      : 'EXTERNAL_JOBSTREAM';
    const target = predJob ? predJob.key : (predStream as SimJobStream).key;
    job.deps.push({
      id: idOf('dependency', `${key}<-${target}`),
      type,
      sequence: job.deps.length + 1,
      released: false,
      ...(predJob
        ? { predJobId: predJob.id, predStreamId: predJob.streamId }
        : { predStreamId: (predStream as SimJobStream).id }),
    });
  }
  state.addJob(job);
  stream.jobIds.push(job.id);
  state.linkDependencies(job.id, job.deps);
  engine.evaluate(job);
  return job;
}

export function submitAdHocJob(
  engine: Engine,
  task: SimTask,
  sub: JobSubmission,
  estimatedMs = MINUTE,
): SimJob {
  const stream = targetStream(engine, sub.stream);
  assertFree(engine, stream, sub.name);
  const def: SimJobDefinition = {
    id: idOf('plan-jobdefinition', `adhoc:${stream.key}.${sub.name}`),
    name: sub.name,
    workstation: sub.workstation,
    description: 'Ad-hoc job',
    task,
    estimatedMs,
    recovery: 'STOP',
    outputConditions: {},
    adHoc: true,
  };
  engine.state.definitions.set(def.id, def);
  return addJob(engine, def, { ...sub, stream }, true);
}

export function submitDefinedJob(engine: Engine, def: SimJobDefinition, sub: JobSubmission): SimJob {
  return addJob(engine, def, sub, false);
}
