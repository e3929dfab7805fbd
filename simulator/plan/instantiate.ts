// Turns model job streams into plan instances (what plan generation and "submit job stream" do):
// one SimJobStream plus one SimJob per model job, with INTERNAL, EXTERNAL_*, PROMPT and RESOURCE
// dependencies. External predecessors are bound after the whole batch exists, so a batch may refer to
// streams declared later in it.
import { idOf, jobKey, jobStreamKey, jobDefinitionKey } from '../ids.js';
import type { ExternalPredecessorSpec, JobSpec } from '../dataset/spec.js';
import type { PlanState, SimModelJobStream } from './state.js';
import type { SimDependency, SimJob, SimJobStream, SimRun } from './types.js';

export interface InstanceOptions {
  instance: number;
  schedTime: number;
  submitter: string;
  alias?: string;
  priority?: number;
  /** Keep the model's absolute job start times (plan generation) or drop them (later submissions). */
  keepStartTimes: boolean;
  outcomes?: Map<string, { status: 'SUCC' | 'ABEND'; returnCode: number }>;
}

interface PendingExternal {
  owner: { deps: SimDependency[]; key: string; id: string };
  pred: ExternalPredecessorSpec;
}

const DEFAULT_PRIORITY = 10;

function instanceSuffix(instance: number): string {
  return instance === 1 ? '' : `@${instance}`;
}

function internalIdentifier(streamId: string): string {
  // conman shows a 16-char internal identifier such as 0AAAAAAAAAAAAB2C; derive one from the id.
  return `0AAAAAAAAAA${streamId.replace(/-/g, '').slice(0, 5).toUpperCase()}`;
}

export function newRun(jobKeyText: string, attempt: number, submittedAt: number, plannedMs: number): SimRun {
  return {
    id: idOf('run', `${jobKeyText}:${attempt}`),
    attempt,
    rerunType: attempt === 1 ? 'REGULAR' : 'RERUN',
    status: 'HOLD',
    submittedAt,
    plannedMs,
    outcome: { status: 'SUCC', returnCode: 0 },
    confirmed: false,
    outputConditions: [],
  };
}

function makeDependency(
  ownerKey: string,
  sequence: number,
  target: string,
  fields: Omit<SimDependency, 'id' | 'sequence' | 'released'>,
): SimDependency {
  return { id: idOf('dependency', `${ownerKey}<-${target}`), sequence, released: false, ...fields };
}

function buildJob(
  state: PlanState,
  stream: SimJobStream,
  spec: JobSpec,
  position: number,
  opts: InstanceOptions,
  pending: PendingExternal[],
): SimJob {
  const workstation = spec.workstation ?? stream.workstation;
  const key = jobKey(stream.workstation, stream.name, spec.name) + instanceSuffix(opts.instance);
  const definitionId = idOf('model-jobdefinition', jobDefinitionKey(workstation, spec.name));
  const definition = state.definitions.get(definitionId);
  const priority = spec.priority ?? stream.priority;
  const run = newRun(key, 1, opts.schedTime, definition?.estimatedMs ?? spec.estimatedMs);
  const planned = opts.outcomes?.get(`${stream.name}.${spec.name}`);
  if (planned) run.outcome = planned;
  const job: SimJob = {
    id: idOf('job', key),
    key,
    name: spec.name,
    streamId: stream.id,
    workstation,
    definitionId,
    position,
    priority,
    origPriority: priority,
    status: 'HOLD',
    canceled: false,
    critical: spec.critical ?? false,
    requiresConfirmation: spec.requiresConfirmation ?? false,
    deps: [],
    runs: [run],
    version: 0,
    adHoc: false,
  };
  if (opts.keepStartTimes && spec.startTime !== undefined) job.startTime = spec.startTime;
  if (opts.keepStartTimes && spec.deadline !== undefined) job.deadline = spec.deadline;
  if (spec.prompt) {
    job.deps.push(
      makeDependency(key, job.deps.length + 1, `prompt:${spec.prompt.name}`, {
        type: 'PROMPT',
        prompt: { ...spec.prompt, answered: false },
      }),
    );
  }
  if (spec.resource) {
    job.deps.push(
      makeDependency(key, job.deps.length + 1, `resource:${spec.resource.name}`, {
        type: 'RESOURCE',
        resource: { ...spec.resource },
      }),
    );
  }
  for (const pred of spec.external ?? []) pending.push({ owner: job, pred });
  return job;
}

/** Creates plan instances of `models` and binds every dependency. Returns the new job streams. */
export function instantiateStreams(
  state: PlanState,
  models: readonly SimModelJobStream[],
  opts: InstanceOptions,
): SimJobStream[] {
  const pending: PendingExternal[] = [];
  const created: SimJobStream[] = [];
  for (const model of models) {
    const name = opts.alias ?? model.name;
    const key = jobStreamKey(model.workstation, name) + instanceSuffix(opts.instance);
    const id = idOf('jobstream', key);
    const priority = opts.priority ?? model.spec.priority ?? DEFAULT_PRIORITY;
    const stream: SimJobStream = {
      id,
      key,
      name,
      workstation: model.workstation,
      modelId: model.id,
      schedTime: opts.schedTime,
      priority,
      origPriority: priority,
      limit: -1,
      deps: [],
      jobIds: [],
      held: false,
      canceled: false,
      submitter: opts.submitter,
      carryForward: false,
      instance: opts.instance,
      internalIdentifier: internalIdentifier(id),
    };
    state.addStream(stream);
    created.push(stream);
    for (const pred of model.spec.follows ?? []) pending.push({ owner: stream, pred });
    const jobs = model.spec.jobs.map((spec, i) => buildJob(state, stream, spec, i + 1, opts, pending));
    const byName = new Map(jobs.map((j) => [j.name, j]));
    model.spec.jobs.forEach((spec, i) => {
      const job = jobs[i];
      if (!job) return;
      for (const predName of spec.follows ?? []) {
        const pred = byName.get(predName);
        if (!pred) throw new Error(`${model.name}.${spec.name} follows unknown job ${predName}`);
        job.deps.push(
          makeDependency(job.key, job.deps.length + 1, pred.key, { type: 'INTERNAL', predJobId: pred.id }),
        );
      }
    });
    for (const job of jobs) {
      state.addJob(job);
      stream.jobIds.push(job.id);
    }
  }
  for (const { owner, pred } of pending) {
    const predStream = state.latestStream(pred.stream);
    if (!predStream) continue; // not in the plan: HWA would leave the dependency unresolved; we drop it
    const common = { statusConditions: pred.statusConditions, outputConditions: pred.outputConditions };
    if (pred.job === undefined) {
      owner.deps.push(
        makeDependency(owner.key, owner.deps.length + 1, predStream.key, {
          type: 'EXTERNAL_JOBSTREAM',
          predStreamId: predStream.id,
          ...strip(common),
        }),
      );
      continue;
    }
    const predJob = state.jobInStream(predStream, pred.job);
    if (!predJob) throw new Error(`unknown external predecessor ${pred.stream}.${pred.job}`);
    owner.deps.push(
      makeDependency(owner.key, owner.deps.length + 1, predJob.key, {
        type: 'EXTERNAL_JOB',
        predJobId: predJob.id,
        predStreamId: predStream.id,
        ...strip(common),
      }),
    );
  }
  for (const stream of created) {
    state.linkDependencies(stream.id, stream.deps);
    for (const id of stream.jobIds) {
      const job = state.jobs.get(id);
      if (job) state.linkDependencies(job.id, job.deps);
    }
  }
  return created;
}

function strip<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
