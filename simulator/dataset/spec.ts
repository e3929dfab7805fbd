// Declarative description of a dataset: the model (workstations, job streams with their jobs and
// dependencies) plus what already happened in the current plan (run history, holds). dataset/build.ts
// turns it into model objects and a plan; the engine derives every waiting status from it.
import type {
  ConditionStatus,
  OperatingSystem,
  RecoveryOption,
  RerunType,
  WorkstationState,
  WorkstationType,
} from '../plan/types.js';

export interface WorkstationSpec {
  name: string;
  type: WorkstationType;
  os?: OperatingSystem;
  nodeName?: string;
  tcpPort?: number;
  limit?: number;
  fence?: number;
  activeStates: WorkstationState[];
  members?: string[];
}

export interface ExternalPredecessorSpec {
  stream: string;
  /** Omitted: the dependency is on the whole job stream (EXTERNAL_JOBSTREAM). */
  job?: string;
  outputConditions?: string[];
  statusConditions?: ConditionStatus[];
}

export interface JobSpec {
  name: string;
  /** Defaults to the job stream's workstation. */
  workstation?: string;
  estimatedMs: number;
  description: string;
  command: string;
  user?: string;
  priority?: number;
  critical?: boolean;
  requiresConfirmation?: boolean;
  recovery?: RecoveryOption;
  follows?: string[];
  external?: ExternalPredecessorSpec[];
  prompt?: { name: string; text: string };
  resource?: { name: string; quantity: number };
  /** Earliest start, absolute (instance) time. */
  startTime?: number;
  deadline?: number;
  outputConditions?: Record<string, string>;
  successCondition?: string;
}

export interface StreamSpec {
  name: string;
  workstation: string;
  priority?: number;
  follows?: ExternalPredecessorSpec[];
  jobs: JobSpec[];
  description?: string;
}

export interface RunHistory {
  status: 'SUCC' | 'ABEND' | 'EXEC' | 'CANCL' | 'FAIL' | 'UNDCDED';
  returnCode?: number;
  startedAt?: number;
  endedAt?: number;
  /** Total duration planned for a run still executing (may exceed the estimate: a late job). */
  plannedMs?: number;
  actualWorkstation?: string;
  rerunType?: RerunType;
  logBody?: readonly string[];
  outputConditions?: Record<string, boolean>;
}

export interface ResourceSpec {
  name: string;
  workstation: string;
  total: number;
  available: number;
}

export interface DatasetSpec {
  planStart: number;
  workstations: WorkstationSpec[];
  streams: StreamSpec[];
  resources: ResourceSpec[];
  /** Run history keyed `STREAM.JOB`, oldest first. */
  history: Map<string, RunHistory[]>;
  /** Jobs put on hold by an operator (`STREAM.JOB`). */
  held: Set<string>;
  /** Outcome planned for the first run of jobs that have not run yet (`STREAM.JOB`); default SUCC rc 0. */
  outcomes?: Map<string, { status: 'SUCC' | 'ABEND'; returnCode: number }>;
  /** Job streams of the model that are not in the plan (submittable). */
  modelOnly?: StreamSpec[];
}
