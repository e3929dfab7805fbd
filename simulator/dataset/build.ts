// DatasetSpec → PlanState: model objects (workstations, job definitions, job streams), the plan
// instances of the planned job streams, resources, and the recorded run history and operator holds.
import { CURRENT_PLAN_ID, idOf, jobDefinitionKey, jobStreamKey, workstationKey } from '../ids.js';
import { newRun, instantiateStreams } from '../plan/instantiate.js';
import { outputConditionsFor } from '../plan/rc.js';
import { PlanState, type SimModelJobStream } from '../plan/state.js';
import { DAY, HOUR, MINUTE } from '../time.js';
import type { DatasetSpec, RunHistory, StreamSpec, WorkstationSpec } from './spec.js';
import type { SimJob, SimJobDefinition, SimWorkstation } from '../plan/types.js';

export const ENGINE_VERSION = '10.2.5';

function toWorkstation(spec: WorkstationSpec, planStart: number): SimWorkstation {
  const key = workstationKey(spec.name);
  const ws: SimWorkstation = {
    id: idOf('workstation', key),
    modelId: idOf('model-workstation', key),
    name: spec.name,
    type: spec.type,
    domainName: 'MASTERDM',
    limit: spec.limit ?? 10,
    fence: spec.fence ?? 0,
    activeStates: [...spec.activeStates],
    members: [...(spec.members ?? [])],
    version: ENGINE_VERSION,
  };
  if (spec.os) ws.os = spec.os;
  if (spec.nodeName) ws.nodeName = spec.nodeName;
  if (spec.tcpPort) ws.tcpPort = spec.tcpPort;
  if (spec.activeStates.includes('RUNNING')) ws.timeStarted = planStart + MINUTE;
  return ws;
}

export function addModelStream(state: PlanState, spec: StreamSpec, modifiedAt: number): SimModelJobStream {
  for (const job of spec.jobs) {
    const wsName = job.workstation ?? spec.workstation;
    const id = idOf('model-jobdefinition', jobDefinitionKey(wsName, job.name));
    if (state.definitions.has(id)) continue;
    const windows = state.workstationsByName.get(wsName)?.os === 'WINDOWS';
    const def: SimJobDefinition = {
      id,
      name: job.name,
      workstation: wsName,
      description: job.description,
      task: {
        type: windows ? 'WINDOWS' : 'UNIX',
        command: job.command,
        user: job.user ?? (windows ? 'hwasvc' : 'twsuser'),
      },
      estimatedMs: job.estimatedMs,
      recovery: job.recovery ?? 'STOP',
      outputConditions: job.outputConditions ?? {},
    };
    if (job.successCondition) def.successCondition = job.successCondition;
    state.definitions.set(id, def);
  }
  const model: SimModelJobStream = {
    id: idOf('model-jobstream', jobStreamKey(spec.workstation, spec.name)),
    name: spec.name,
    workstation: spec.workstation,
    spec,
    modifiedAt,
  };
  state.modelStreams.set(model.id, model);
  return model;
}

function applyHistory(state: PlanState, job: SimJob, history: readonly RunHistory[]): void {
  const def = state.definitions.get(job.definitionId);
  const ws = state.workstationsByName.get(job.workstation);
  history.forEach((h, i) => {
    let run = job.runs[i];
    if (!run) {
      run = newRun(job.key, i + 1, h.startedAt ?? state.planStart, def?.estimatedMs ?? 0);
      state.addRun(job, run);
    }
    run.status = h.status;
    run.rerunType = h.rerunType ?? (i === 0 ? 'REGULAR' : 'RERUN');
    run.submittedAt = h.startedAt ?? h.endedAt ?? state.planStart;
    if (h.returnCode !== undefined) run.returnCode = h.returnCode;
    if (h.startedAt !== undefined) {
      run.startedAt = h.startedAt;
      run.jobNumber = state.nextJobNumber();
      run.actualWorkstation = h.actualWorkstation ?? (ws?.type === 'POOL' ? ws.members[0] : job.workstation);
    }
    if (h.endedAt !== undefined) run.endedAt = h.endedAt;
    if (h.plannedMs !== undefined) run.plannedMs = h.plannedMs;
    if (h.logBody) run.logBody = h.logBody;
    if (h.endedAt !== undefined && h.status !== 'CANCL' && h.status !== 'FAIL')
      run.outputConditions = outputConditionsFor(def, h.returnCode, h.outputConditions);
  });
  const last = history[history.length - 1];
  if (last) {
    job.status = last.status;
    job.canceled = last.status === 'CANCL';
  }
}

export function buildState(spec: DatasetSpec, now: number): PlanState {
  const planEnd = spec.planStart + (now + 4 * HOUR > spec.planStart + DAY ? 2 * DAY : DAY);
  const state = new PlanState(CURRENT_PLAN_ID, spec.planStart, planEnd);
  for (const ws of spec.workstations) state.addWorkstation(toWorkstation(ws, spec.planStart));
  const modifiedAt = spec.planStart - 30 * DAY;
  const models = spec.streams.map((s) => addModelStream(state, s, modifiedAt));
  for (const s of spec.modelOnly ?? []) addModelStream(state, s, modifiedAt);
  const instanceOpts = { instance: 1, schedTime: spec.planStart, submitter: 'planman', keepStartTimes: true };
  instantiateStreams(
    state,
    models,
    spec.outcomes ? { ...instanceOpts, outcomes: spec.outcomes } : instanceOpts,
  );
  for (const r of spec.resources) state.resources.set(r.name, { ...r });
  for (const stream of state.streamOrder) {
    for (const id of stream.jobIds) {
      const job = state.jobs.get(id);
      if (!job) continue;
      const ref = `${stream.name}.${job.name}`;
      const history = spec.history.get(ref);
      if (history) applyHistory(state, job, history);
      if (spec.held.has(ref)) job.priority = 0;
    }
  }
  return state;
}
