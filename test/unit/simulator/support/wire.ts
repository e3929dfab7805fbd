// The parts of the V2 payloads the tests read, typed as a client would (field names from the spec).
// The conformance test (openapi.test.ts) checks the full shapes; these only spare `any` in assertions.

export interface CompositeStatus {
  status: string;
  substatus?: string;
  canceled?: boolean;
  error?: boolean;
  started?: boolean;
}

export interface JobRun {
  id: string;
  runAttempt: number;
  rerunType: string;
  rerunJob: boolean;
  lastInRerunChain: boolean;
  compositeStatus: CompositeStatus;
  commonStatus: string;
  returnCode?: number;
  actualWorkstation?: string;
  jobNumber?: number;
  confirmed: boolean;
  step?: string;
  timeInfo: {
    estimatedDuration?: string;
    actualStartTime?: string;
    elapsedTime?: string;
    actualEndTime?: string;
  };
  outputConditions?: Array<{ conditionName: string; mappingExpression: string; isSatisfied: boolean }>;
}

export interface Dependency {
  dependencyType: string;
  id: string;
  dependencyStatus: string;
  satisfied: boolean;
  jobId?: string;
  jobName?: string;
  jobStreamId?: string;
  jobStreamName?: string;
  jobStreamSuccId?: string;
  outputConditions?: string[];
  conditional?: boolean;
  text?: string;
}

export interface Job {
  flowNodeType: 'JOB';
  id: string;
  name: string;
  key: string;
  workstation: string;
  workstationId: string;
  jobStreamId: string;
  jobStreamName: string;
  jobStreamWorkstation: string;
  priority: number;
  origPriority: number;
  lastRunCompositeStatus: CompositeStatus;
  lastRunCommonStatus: string;
  jobruns: JobRun[];
  dependencies?: Dependency[];
  dependenciesStats: Record<string, number>;
  jobDefinition?: { estimatedDuration: string; task: Record<string, unknown> };
  jobDefinitionRefId?: string;
  jobStatusFlags: Record<string, boolean>;
  timeRestrictions: { startTime?: string; timeDependent?: boolean; startTimeSatisfied?: boolean };
}

export interface JobStream {
  flowNodeType: 'JOBSTREAM';
  id: string;
  name: string;
  originalJobStreamName: string;
  aliasJobStreamName?: string;
  compositeStatus: CompositeStatus;
  commonStatus: string;
  jobStreamStats: Record<string, number>;
  dependencies?: Dependency[];
  jobs?: Job[];
  submitter?: string;
}

export type FlowNode = Job | JobStream;

export interface Workstation {
  id: string;
  name: string;
  type: string;
  os?: string;
  fence: number;
  limit: number;
  activeStates: string[];
}

export interface Page<T> {
  count?: number;
  results: T[];
  next?: string;
  previous?: string;
}

export interface ListResponse<T> {
  count: number;
  results: T[];
}

export interface GroupedCount {
  count: number;
  groupedCount?: Record<string, number>;
}

export interface ErrorBody {
  exceptionName: string;
  messages: string[];
  code: string;
}

export interface ResourceResponse {
  id: string;
  url: string;
  message?: string;
  isError?: boolean;
}

export interface FilterActionResponse {
  successfulResourceResponses: ResourceResponse[];
  failedResourceResponses: ResourceResponse[];
}

export interface ModelObject<D = Record<string, unknown>> {
  kind: string;
  key: string;
  def: D & { id: string; name: string };
}

export interface ModelJobStreamDef {
  jobs?: Array<{
    name: string;
    internalPredecessors?: Array<{ jobName: string }>;
    externalPredecessors?: unknown[];
  }>;
  externalPredecessors?: unknown[];
}

export interface EngineInfo {
  displayVersion: string;
  fullVersion: string;
  licenseType: string;
  timezone: string;
}
