// The scheduler loop of the simulated master. Time only moves through advanceTo(), which replays timed
// events (launch after READY, finish after the planned duration, `at` times reached) in order, so a
// manual clock gives exactly reproducible plans. Jobs whose conditions never resolve by themselves
// (operator hold, fence, prompt, missing resource, unlinked workstation) stay as they are.
import { dependencyState, isDecidedUnmet, workstationAvailable } from '../plan/derive.js';
import { outputConditionsFor, rcMatches } from '../plan/rc.js';
import type { PlanState } from '../plan/state.js';
import type { SimJob } from '../plan/types.js';
import { RUNNING_JOB_STATUSES, type JobStatus, type JobSubstatus } from '../statuses.js';
import { EventHeap } from './heap.js';

export interface EngineOptions {
  /** Delay between a job becoming READY and its launch (sim time). @default 1000 */
  launchDelayMs?: number;
}

const WAITING: ReadonlySet<JobStatus> = new Set(['HOLD', 'READY', 'FENCE']);

interface Verdict {
  status: JobStatus;
  substatus?: JobSubstatus;
  launchable: boolean;
}

export class Engine {
  private readonly heap = new EventHeap();
  private readonly running = new Map<string, number>();
  private readonly waitingForLimit = new Map<string, Set<string>>();
  private readonly launchDelayMs: number;

  constructor(
    readonly state: PlanState,
    private current: number,
    options: EngineOptions = {},
  ) {
    this.launchDelayMs = options.launchDelayMs ?? 1000;
  }

  get now(): number {
    return this.current;
  }

  /** Schedules what is already running and derives every waiting status. Call once after building. */
  initialize(): void {
    for (const job of this.state.jobOrder) {
      if (!RUNNING_JOB_STATUSES.has(job.status)) continue;
      const run = this.state.lastRun(job);
      this.running.set(job.workstation, (this.running.get(job.workstation) ?? 0) + 1);
      if (job.status === 'EXEC')
        this.heap.push({
          at: (run.startedAt ?? this.current) + run.plannedMs,
          jobId: job.id,
          version: job.version,
          kind: 'finish',
        });
    }
    for (const job of this.state.jobOrder) this.evaluate(job);
  }

  /** Processes every event due up to `target`, then sets the engine time to `target`. */
  advanceTo(target: number): void {
    for (let next = this.heap.peek(); next && next.at <= target; next = this.heap.peek()) {
      this.heap.pop();
      if (next.at > this.current) this.current = next.at;
      const job = this.state.jobs.get(next.jobId);
      if (!job || job.version !== next.version) continue;
      if (next.kind === 'finish') this.finish(job);
      else if (next.kind === 'launch') this.launch(job);
      else this.evaluate(job);
    }
    if (target > this.current) this.current = target;
  }

  /** Sets a job's status (and its last run's), invalidating any pending event of the job. */
  setStatus(job: SimJob, status: JobStatus, substatus?: JobSubstatus): void {
    job.status = status;
    if (substatus) job.substatus = substatus;
    else delete job.substatus;
    this.state.lastRun(job).status = status;
    job.version++;
  }

  /** Re-derives the status of a waiting job and schedules its launch or its `at` time. */
  evaluate(job: SimJob): void {
    if (!WAITING.has(job.status)) return;
    const verdict = this.verdict(job);
    const changed = verdict.status !== job.status || verdict.substatus !== job.substatus;
    const limitSet = this.waitingForLimit.get(job.workstation);
    if (verdict.substatus === 'READY_WAITING_FOR_LIMIT') {
      if (limitSet) limitSet.add(job.id);
      else this.waitingForLimit.set(job.workstation, new Set([job.id]));
    } else limitSet?.delete(job.id);
    if (!changed && !(verdict.launchable && job.readyAt === undefined)) return;
    this.setStatus(job, verdict.status, verdict.substatus);
    delete job.readyAt;
    if (verdict.launchable) {
      job.readyAt = this.current;
      this.heap.push({
        at: this.current + this.launchDelayMs,
        jobId: job.id,
        version: job.version,
        kind: 'launch',
      });
    } else if (verdict.substatus === 'HOLD_WAITING_FOR_TIME' && job.startTime !== undefined) {
      this.heap.push({ at: job.startTime, jobId: job.id, version: job.version, kind: 'time' });
    }
    if (verdict.status === 'SUPPR') this.notifyDependents(job);
  }

  private verdict(job: SimJob): Verdict {
    if (job.priority <= 0) return { status: 'HOLD', substatus: 'HOLD_PRIORITY_ZERO', launchable: false };
    const stream = this.state.streamOf(job);
    // A rerun is launched as soon as possible: its dependencies were resolved for the first run.
    const rerun = this.state.lastRun(job).attempt > 1;
    const deps = rerun ? [] : [...stream.deps, ...job.deps];
    let waitingPrompt = false;
    let waitingPred = false;
    let waitingResource = false;
    for (const dep of deps) {
      if (isDecidedUnmet(this.state, dep))
        return { status: 'SUPPR', substatus: 'SUPPR_UNSATISFIED_DEPENDENCY', launchable: false };
      if (dependencyState(this.state, dep) === 'SATISFIED') continue;
      if (dep.type === 'PROMPT') waitingPrompt = true;
      else if (dep.type === 'RESOURCE') waitingResource = true;
      else waitingPred = true;
    }
    if (waitingPrompt) return { status: 'HOLD', substatus: 'HOLD_WAITING_FOR_PROMPT', launchable: false };
    if (waitingPred) return { status: 'HOLD', substatus: 'HOLD_WAITING_FOR_PREDECESSOR', launchable: false };
    if (job.startTime !== undefined && job.startTime > this.current)
      return { status: 'HOLD', substatus: 'HOLD_WAITING_FOR_TIME', launchable: false };
    const ws = this.state.workstationsByName.get(job.workstation);
    if (!workstationAvailable(this.state, job.workstation))
      return { status: 'READY', substatus: 'READY_WAITING_FOR_AGENT', launchable: false };
    if (ws && job.priority <= ws.fence) return { status: 'FENCE', launchable: false };
    if (waitingResource)
      return { status: 'READY', substatus: 'READY_WAITING_FOR_RESOURCES', launchable: false };
    if (ws && (this.running.get(job.workstation) ?? 0) >= ws.limit)
      return { status: 'READY', substatus: 'READY_WAITING_FOR_LIMIT', launchable: false };
    return { status: 'READY', launchable: true };
  }

  private launch(job: SimJob): void {
    const verdict = this.verdict(job);
    if (!verdict.launchable) {
      delete job.readyAt;
      this.evaluate(job);
      return;
    }
    const run = this.state.lastRun(job);
    run.startedAt = this.current;
    run.jobNumber = this.state.nextJobNumber();
    run.actualWorkstation = this.pickWorkstation(job.workstation);
    delete job.readyAt;
    this.setStatus(job, 'EXEC');
    this.running.set(job.workstation, (this.running.get(job.workstation) ?? 0) + 1);
    this.heap.push({ at: this.current + run.plannedMs, jobId: job.id, version: job.version, kind: 'finish' });
  }

  /** (Re)schedules the end of a running job, e.g. after confirm turned EXEC into SUCCP. */
  scheduleFinish(job: SimJob): void {
    const run = this.state.lastRun(job);
    const at = Math.max(this.current, (run.startedAt ?? this.current) + run.plannedMs);
    this.heap.push({ at, jobId: job.id, version: job.version, kind: 'finish' });
  }

  private pickWorkstation(name: string): string {
    const ws = this.state.workstationsByName.get(name);
    if (!ws || ws.members.length === 0) return name;
    const live = ws.members.filter((m) => workstationAvailable(this.state, m));
    return live[this.state.runs.size % Math.max(1, live.length)] ?? name;
  }

  /** Ends the running job: by its planned outcome, or as confirmed (SUCCP/ABENP) or killed. */
  finish(job: SimJob, forced?: { status: 'SUCC' | 'ABEND'; returnCode?: number }): void {
    const run = this.state.lastRun(job);
    const def = this.state.definitions.get(job.definitionId);
    let status: 'SUCC' | 'ABEND';
    let rc: number | undefined;
    if (forced) {
      status = forced.status;
      rc = forced.returnCode;
    } else {
      rc = run.outcome.returnCode;
      status =
        job.status === 'SUCCP'
          ? 'SUCC'
          : job.status === 'ABENP'
            ? 'ABEND'
            : rcMatches(def?.successCondition ?? 'RC=0', rc) && run.outcome.status === 'SUCC'
              ? 'SUCC'
              : 'ABEND';
    }
    run.endedAt = this.current;
    if (rc !== undefined) run.returnCode = rc;
    run.outputConditions = outputConditionsFor(def, rc);
    this.release(job.workstation);
    this.setStatus(job, status);
    this.jobEnded(job);
  }

  /** Frees a launch slot on the workstation and wakes jobs waiting for it. */
  release(workstation: string): void {
    const running = Math.max(0, (this.running.get(workstation) ?? 1) - 1);
    this.running.set(workstation, running);
    const waiting = this.waitingForLimit.get(workstation);
    if (!waiting) return;
    // Wake only as many queued jobs (FIFO) as there are free slots: waking all would be quadratic.
    let free = (this.state.workstationsByName.get(workstation)?.limit ?? 0) - running;
    for (const id of waiting) {
      if (free <= 0) break;
      const job = this.state.jobs.get(id);
      if (!job || !WAITING.has(job.status)) {
        waiting.delete(id); // cancelled or confirmed meanwhile: no longer queued
        continue;
      }
      this.evaluate(job);
      free--;
    }
  }

  /** Call after a job reached a final status (or left one): wakes everything that depends on it. */
  jobEnded(job: SimJob): void {
    this.notifyDependents(job);
    this.notifyOwners(job.streamId);
  }

  private notifyDependents(job: SimJob): void {
    this.notifyOwners(job.id);
  }

  private notifyOwners(predId: string): void {
    const owners = this.state.dependents.get(predId);
    if (!owners) return;
    for (const ownerId of owners) {
      const job = this.state.jobs.get(ownerId);
      if (job) {
        this.evaluate(job);
        continue;
      }
      const stream = this.state.streams.get(ownerId);
      if (stream)
        for (const id of stream.jobIds) {
          const j = this.state.jobs.get(id);
          if (j) this.evaluate(j);
        }
    }
  }
}
