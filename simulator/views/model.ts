// ModelObject* envelopes of the database (model) API: `{ kind, key, def, status }` with `def` shaped as
// the spec's JobDefinition, JobStream and Workstation. `Only-Header: true` trims the heavy parts
// (jobs, run cycles, recovery) but keeps the schema's required fields.
import { ROOT_FOLDER_ID, idOf, jobDefinitionKey, jobStreamKey, workstationKey } from '../ids.js';
import type { ExternalPredecessorSpec, JobSpec } from '../dataset/spec.js';
import type { PlanState, SimModelJobStream } from '../plan/state.js';
import type { SimJobDefinition, SimWorkstation } from '../plan/types.js';
import { PLAN_TIME_ZONE, iso, localParts } from '../time.js';
import { compact } from './context.js';

function status(modifiedAt: number): Record<string, unknown> {
  return { modifyData: { modifiedBy: 'twsadmin', modifiedTime: iso(modifiedAt), version: 1 } };
}

function localTime(ms: number): string {
  const p = localParts(ms);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(p.hour)}:${two(p.minute)}:${two(p.second)}`;
}

export function jobDefinitionModel(
  state: PlanState,
  def: SimJobDefinition,
  onlyHeader: boolean,
): Record<string, unknown> {
  const ws = state.workstationsByName.get(def.workstation);
  const key = def.task.type === 'WINDOWS' ? 'windows' : 'unix';
  const conditions = Object.keys(def.outputConditions).length ? def.outputConditions : undefined;
  return {
    kind: 'JobDefinition',
    key: jobDefinitionKey(def.workstation, def.name),
    def: compact({
      id: def.id,
      folderId: ROOT_FOLDER_ID,
      folder: '/',
      name: def.name,
      workstationId: ws?.modelId,
      workstation: def.workstation,
      type: def.task.type,
      task: { [key]: { taskString: def.task.command, userName: def.task.user, isCommand: false } },
      successfulOutputConditions: onlyHeader ? undefined : conditions,
      recovery: onlyHeader ? undefined : { action: def.recovery },
    }),
    status: status(state.planStart - 30 * 86_400_000),
  };
}

function externalPredecessor(state: PlanState, p: ExternalPredecessorSpec): Record<string, unknown> {
  const ws = state.modelStreamByName(p.stream)?.workstation ?? '';
  return compact({
    workstation: ws,
    jobStream: p.stream,
    jobName: p.job,
    outputConditions: p.outputConditions,
  });
}

function modelJob(state: PlanState, model: SimModelJobStream, job: JobSpec): Record<string, unknown> {
  const wsName = job.workstation ?? model.workstation;
  const defId = idOf('model-jobdefinition', jobDefinitionKey(wsName, job.name));
  return compact({
    id: idOf('model-job', `${jobStreamKey(model.workstation, model.name)}.${job.name}`),
    name: job.name,
    jobDefinitionRefId: defId,
    jobDefinitionRef: jobDefinitionKey(wsName, job.name),
    workstationId: state.workstationsByName.get(wsName)?.modelId,
    workstation: wsName,
    documentation: job.description,
    options: job.critical ? ['critical'] : undefined,
    priority: job.priority,
    startTime: job.startTime !== undefined ? localTime(job.startTime) : undefined,
    internalPredecessors: job.follows?.length ? job.follows.map((jobName) => ({ jobName })) : undefined,
    externalPredecessors: job.external?.length
      ? job.external.map((p) => externalPredecessor(state, p))
      : undefined,
    promptDependencies: job.prompt ? [{ message: job.prompt.text }] : undefined,
    resourceDependencies: job.resource
      ? [{ resource: job.resource.name, quantity: job.resource.quantity }]
      : undefined,
  });
}

export function jobStreamModel(
  state: PlanState,
  model: SimModelJobStream,
  onlyHeader: boolean,
): Record<string, unknown> {
  const ws = state.workstationsByName.get(model.workstation);
  return {
    kind: 'JobStream',
    key: jobStreamKey(model.workstation, model.name),
    def: compact({
      id: model.id,
      folderId: ROOT_FOLDER_ID,
      folder: '/',
      name: model.name,
      workstationId: ws?.modelId,
      workstation: model.workstation,
      validFrom: iso(model.modifiedAt),
      timeZone: PLAN_TIME_ZONE,
      documentation: model.spec.description,
      runCycles: onlyHeader ? undefined : [{ name: 'DAILY', type: 'rrule', expression: 'FREQ=DAILY;' }],
      priority: model.spec.priority ?? 10,
      externalPredecessors:
        onlyHeader || !model.spec.follows?.length
          ? undefined
          : model.spec.follows.map((p) => externalPredecessor(state, p)),
      jobs: onlyHeader ? undefined : model.spec.jobs.map((j) => modelJob(state, model, j)),
    }),
    status: status(model.modifiedAt),
  };
}

export function workstationModel(
  state: PlanState,
  ws: SimWorkstation,
  onlyHeader: boolean,
): Record<string, unknown> {
  return {
    kind: 'Workstation',
    key: workstationKey(ws.name),
    def: compact({
      id: ws.modelId,
      type: ws.type,
      folderId: ROOT_FOLDER_ID,
      folder: '/',
      name: ws.name,
      timeZone: PLAN_TIME_ZONE,
      licenseType: 'perServer',
      os: ws.os,
      nodeName: ws.nodeName,
      protocol: ws.tcpPort ? 'HTTPS' : undefined,
      tcpPort: ws.tcpPort,
      securityLevel: ws.type === 'POOL' ? undefined : 'ENABLED',
      domain: 'MASTERDM',
      members:
        onlyHeader || ws.members.length === 0
          ? undefined
          : ws.members.map((m) => {
              const member = state.workstationsByName.get(m);
              return compact({ workstationId: member?.modelId, workstation: m, type: member?.type });
            }),
    }),
    status: status(state.planStart - 30 * 86_400_000),
  };
}
