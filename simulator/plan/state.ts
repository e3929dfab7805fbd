// The whole simulated engine database: model objects plus the current plan, with the indexes every
// query needs (by id, by stream, by workstation name, reverse dependency edges) so that lookups are
// O(1) and listings O(n) even on a generated 100k-job plan.
import type { StreamSpec } from '../dataset/spec.js';
import type {
  SimDependency,
  SimJob,
  SimJobDefinition,
  SimJobStream,
  SimResource,
  SimRun,
  SimWorkstation,
} from './types.js';

export interface SimModelJobStream {
  id: string;
  name: string;
  workstation: string;
  spec: StreamSpec;
  modifiedAt: number;
}

export interface RunRef {
  job: SimJob;
  run: SimRun;
}

export class PlanState {
  readonly workstations = new Map<string, SimWorkstation>();
  readonly workstationsByName = new Map<string, SimWorkstation>();
  readonly streams = new Map<string, SimJobStream>();
  readonly jobs = new Map<string, SimJob>();
  readonly runs = new Map<string, RunRef>();
  readonly definitions = new Map<string, SimJobDefinition>();
  readonly modelStreams = new Map<string, SimModelJobStream>();
  readonly resources = new Map<string, SimResource>();
  /** Predecessor id (job or job stream) → ids of the jobs and job streams that depend on it. */
  readonly dependents = new Map<string, Set<string>>();
  /** Listing order: streams in plan order, jobs by stream then position. */
  readonly jobOrder: SimJob[] = [];
  readonly streamOrder: SimJobStream[] = [];
  /** Instances per job stream name, oldest first (a stream can be submitted again). */
  readonly streamsByName = new Map<string, SimJobStream[]>();
  private jobNumber = 4000;
  private adHocNumber = 0;

  constructor(
    readonly planId: string,
    readonly planStart: number,
    public planEnd: number,
  ) {}

  nextJobNumber(): number {
    this.jobNumber += 1;
    return this.jobNumber;
  }

  nextAdHocNumber(): number {
    this.adHocNumber += 1;
    return this.adHocNumber;
  }

  addWorkstation(ws: SimWorkstation): void {
    this.workstations.set(ws.id, ws);
    this.workstationsByName.set(ws.name, ws);
  }

  addStream(stream: SimJobStream): void {
    this.streams.set(stream.id, stream);
    this.streamOrder.push(stream);
    const list = this.streamsByName.get(stream.name) ?? [];
    list.push(stream);
    this.streamsByName.set(stream.name, list);
  }

  addJob(job: SimJob): void {
    this.jobs.set(job.id, job);
    this.jobOrder.push(job);
    for (const run of job.runs) this.runs.set(run.id, { job, run });
  }

  addRun(job: SimJob, run: SimRun): void {
    job.runs.push(run);
    this.runs.set(run.id, { job, run });
  }

  /** Records the reverse edges of `deps`, owned by the job or job stream `ownerId`. */
  linkDependencies(ownerId: string, deps: readonly SimDependency[]): void {
    for (const dep of deps) {
      const pred = dep.predJobId ?? dep.predStreamId;
      if (!pred) continue;
      let set = this.dependents.get(pred);
      if (!set) this.dependents.set(pred, (set = new Set()));
      set.add(ownerId);
    }
  }

  /** Latest instance of the job stream named `name`. */
  latestStream(name: string): SimJobStream | undefined {
    const list = this.streamsByName.get(name);
    return list?.[list.length - 1];
  }

  modelStreamByName(name: string): SimModelJobStream | undefined {
    for (const m of this.modelStreams.values()) if (m.name === name) return m;
    return undefined;
  }

  jobInStream(stream: SimJobStream, jobName: string): SimJob | undefined {
    for (const id of stream.jobIds) {
      const job = this.jobs.get(id);
      if (job?.name === jobName) return job;
    }
    return undefined;
  }

  streamOf(job: SimJob): SimJobStream {
    const stream = this.streams.get(job.streamId);
    if (!stream) throw new Error(`job ${job.id} references missing stream ${job.streamId}`);
    return stream;
  }

  lastRun(job: SimJob): SimRun {
    const run = job.runs[job.runs.length - 1];
    if (!run) throw new Error(`job ${job.id} has no run`);
    return run;
  }
}
