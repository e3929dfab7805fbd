// The OQL field catalogue per object type: what a query may filter and sort on. HCL does not publish
// the full list (NOTES §8); names follow the V2 payload (a dotted path where the value is nested) plus
// the short forms the product uses. simulator/README.md documents the same table.
import {
  commonStatusOfJob,
  commonStatusOfStream,
  COMMON_STATUSES,
  JOB_STATUSES,
  JOB_SUBSTATUSES,
  JOBSTREAM_STATUSES,
} from '../statuses.js';
import { streamStatus } from '../plan/derive.js';
import type { PlanState, SimModelJobStream } from '../plan/state.js';
import type { SimJob, SimJobDefinition, SimJobStream, SimWorkstation } from '../plan/types.js';
import type { FieldCatalogue, FieldDef } from './eval.js';

const WS_TYPES = [
  'AGENT',
  'POOL',
  'D-POOL',
  'REM-ENG',
  'MANAGER',
  'FTA',
  'X-AGENT',
  'S-AGENT',
  'WORKLOAD_BROKER',
  'DOMAIN_MANAGER',
] as const;

const alias = <T>(def: FieldDef<T>, description: string): FieldDef<T> => ({ ...def, description });

export function jobFields(state: PlanState): FieldCatalogue<SimJob> {
  const stream = (j: SimJob): SimJobStream => state.streamOf(j);
  const status: FieldDef<SimJob> = {
    type: 'enum',
    values: JOB_STATUSES,
    get: (j) => j.status,
    description: 'internal status (lastRunCompositeStatus.status)',
  };
  const common: FieldDef<SimJob> = {
    type: 'enum',
    values: COMMON_STATUSES,
    get: (j) => commonStatusOfJob(j.status, j.substatus, j.canceled),
    description: 'common status (lastRunCommonStatus)',
  };
  const lastRun = (j: SimJob) => state.lastRun(j);
  return {
    id: { type: 'string', get: (j) => j.id, description: 'job id' },
    name: { type: 'string', get: (j) => j.name, description: 'job name' },
    folder: { type: 'string', get: () => '/', description: 'job folder' },
    key: { type: 'string', get: (j) => j.key, description: 'job key /WS#/STREAM.JOB' },
    workstation: { type: 'string', get: (j) => j.workstation, description: 'workstation the job runs on' },
    workstationId: {
      type: 'string',
      get: (j) => state.workstationsByName.get(j.workstation)?.id,
      description: 'workstation id',
    },
    jobStreamName: { type: 'string', get: (j) => stream(j).name, description: 'job stream name' },
    jobStreamId: { type: 'string', get: (j) => j.streamId, description: 'job stream id' },
    jobStreamWorkstation: {
      type: 'string',
      get: (j) => stream(j).workstation,
      description: 'job stream workstation',
    },
    status,
    'lastRunCompositeStatus.status': alias(status, 'same as status'),
    substatus: {
      type: 'enum',
      values: JOB_SUBSTATUSES,
      get: (j) => j.substatus,
      description: 'internal substatus',
    },
    'lastRunCompositeStatus.substatus': {
      type: 'enum',
      values: JOB_SUBSTATUSES,
      get: (j) => j.substatus,
      description: 'same as substatus',
    },
    commonStatus: common,
    lastRunCommonStatus: alias(common, 'same as commonStatus'),
    priority: { type: 'number', get: (j) => j.priority, description: 'current priority' },
    returnCode: {
      type: 'number',
      get: (j) => lastRun(j).returnCode,
      description: 'return code of the last run',
    },
    schedTime: {
      type: 'instant',
      get: (j) => stream(j).schedTime,
      description: 'scheduled time of the job stream instance',
    },
    startTime: {
      type: 'instant',
      get: (j) => lastRun(j).startedAt,
      description: 'actual start of the last run',
    },
    endTime: { type: 'instant', get: (j) => lastRun(j).endedAt, description: 'actual end of the last run' },
    critical: { type: 'boolean', get: (j) => j.critical, description: 'jobOptions.critical' },
    'dependencies.jobId': {
      type: 'string',
      get: (j) => j.deps.flatMap((d) => (d.predJobId ? [d.predJobId] : [])),
      description: 'any predecessor job id',
    },
    'dependencies.jobStreamId': {
      type: 'string',
      get: (j) =>
        j.deps.flatMap((d) =>
          d.predStreamId
            ? [d.predStreamId]
            : d.predJobId
              ? [state.jobs.get(d.predJobId)?.streamId ?? '']
              : [],
        ),
      description: 'any predecessor job stream id',
    },
  };
}

export function jobStreamFields(state: PlanState): FieldCatalogue<SimJobStream> {
  const status: FieldDef<SimJobStream> = {
    type: 'enum',
    values: JOBSTREAM_STATUSES,
    get: (s) => streamStatus(state, s),
    description: 'internal status (compositeStatus.status)',
  };
  const common: FieldDef<SimJobStream> = {
    type: 'enum',
    values: COMMON_STATUSES,
    get: (s) => commonStatusOfStream(streamStatus(state, s), s.held),
    description: 'common status (commonStatus)',
  };
  return {
    id: { type: 'string', get: (s) => s.id, description: 'job stream id' },
    name: { type: 'string', get: (s) => s.name, description: 'job stream name' },
    folder: { type: 'string', get: () => '/', description: 'job stream folder' },
    key: { type: 'string', get: (s) => s.key, description: 'job stream key /WS#/STREAM' },
    workstation: { type: 'string', get: (s) => s.workstation, description: 'job stream workstation' },
    jobStreamModelId: { type: 'string', get: (s) => s.modelId, description: 'model job stream id' },
    status,
    'compositeStatus.status': alias(status, 'same as status'),
    commonStatus: common,
    priority: { type: 'number', get: (s) => s.priority, description: 'priority' },
    schedTime: { type: 'instant', get: (s) => s.schedTime, description: 'scheduled time' },
    'dependencies.jobStreamId': {
      type: 'string',
      get: (s) => s.deps.flatMap((d) => (d.predStreamId ? [d.predStreamId] : [])),
      description: 'any predecessor job stream id',
    },
  };
}

export function workstationFields(): FieldCatalogue<SimWorkstation> {
  return {
    id: { type: 'string', get: (w) => w.id, description: 'workstation id' },
    name: { type: 'string', get: (w) => w.name, description: 'workstation name' },
    folder: { type: 'string', get: () => '/', description: 'workstation folder' },
    type: { type: 'enum', values: WS_TYPES, get: (w) => w.type, description: 'workstation type' },
    os: { type: 'string', get: (w) => w.os, description: 'operating system' },
    nodeName: { type: 'string', get: (w) => w.nodeName, description: 'host name' },
    domainName: { type: 'string', get: (w) => w.domainName, description: 'domain' },
    activeStates: {
      type: 'string',
      get: (w) => w.activeStates,
      description: 'any of the active states (e.g. LINKED)',
    },
    fence: { type: 'number', get: (w) => w.fence, description: 'job fence' },
    limit: { type: 'number', get: (w) => w.limit, description: 'job limit' },
  };
}

export function jobDefinitionFields(): FieldCatalogue<SimJobDefinition> {
  return {
    id: { type: 'string', get: (d) => d.id, description: 'job definition id' },
    name: { type: 'string', get: (d) => d.name, description: 'job definition name' },
    folder: { type: 'string', get: () => '/', description: 'folder' },
    workstation: { type: 'string', get: (d) => d.workstation, description: 'workstation' },
    type: { type: 'string', get: (d) => d.task.type, description: 'task type (UNIX, WINDOWS)' },
  };
}

export function modelJobStreamFields(): FieldCatalogue<SimModelJobStream> {
  return {
    id: { type: 'string', get: (s) => s.id, description: 'model job stream id' },
    name: { type: 'string', get: (s) => s.name, description: 'job stream name' },
    folder: { type: 'string', get: () => '/', description: 'folder' },
    workstation: { type: 'string', get: (s) => s.workstation, description: 'workstation' },
  };
}
