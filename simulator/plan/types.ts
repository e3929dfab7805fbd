// Internal state of the simulated engine. Records are compact and serialised to the spec's V2 shapes
// on demand (views/), so a 100k-job plan stays cheap to hold and to query. Times are epoch ms.
import type { JobStatus, JobSubstatus } from '../statuses.js';

export type WorkstationType =
  | 'AGENT'
  | 'POOL'
  | 'D-POOL'
  | 'REM-ENG'
  | 'MANAGER'
  | 'FTA'
  | 'X-AGENT'
  | 'S-AGENT'
  | 'WORKLOAD_BROKER'
  | 'DOMAIN_MANAGER';
export type OperatingSystem =
  'WINDOWS' | 'UNIX' | 'LINUX' | 'ZOS' | 'AIX' | 'HPUX' | 'SOLARIS' | 'AS400' | 'WEB' | 'OTHER';
export type WorkstationState =
  | 'MASTER'
  | 'MANAGER'
  | 'LINKED'
  | 'FULLY_LINKED'
  | 'DIRECTLY_LINKED'
  | 'HOST_LINKED'
  | 'BROKER'
  | 'START'
  | 'RUNNING'
  | 'TCP_IP_LINKED'
  | 'ONLINE'
  | 'WRITER_RUNNING'
  | 'JOBMAN_UP';
export type RerunType =
  'RERUN' | 'RECOVERY_RERUN' | 'RERUN_EVERY' | 'RERUN_FROM' | 'RECOVERY' | 'REGULAR' | 'RERUN_STEP';
export type RecoveryOption = 'STOP' | 'CONTINUE' | 'CONTINUE_PROMPT' | 'RERUN' | 'RERUN_PROMPT';
export type ConditionStatus =
  | 'STARTED'
  | 'EXEC'
  | 'COMPLETED'
  | 'DUMMY_COMPLETED'
  | 'ERROR'
  | 'SUCC'
  | 'FAIL'
  | 'SUPPR'
  | 'SUPPRESS'
  | 'ABEND';

export interface SimWorkstation {
  id: string;
  modelId: string;
  name: string;
  type: WorkstationType;
  os?: OperatingSystem;
  nodeName?: string;
  tcpPort?: number;
  domainName: string;
  limit: number;
  fence: number;
  activeStates: WorkstationState[];
  /** Pool members (workstation names). */
  members: string[];
  version: string;
  timeStarted?: number;
}

/** A task as HWA stores it: `{ unix: { taskString, userName, isCommand } }` or `{ windows: ... }`. */
export interface SimTask {
  type: 'UNIX' | 'WINDOWS';
  command: string;
  user: string;
}

export interface SimJobDefinition {
  id: string;
  name: string;
  workstation: string;
  description: string;
  task: SimTask;
  estimatedMs: number;
  recovery: RecoveryOption;
  /** Output conditions of the definition, name → mapping expression such as `RC=0`. */
  outputConditions: Record<string, string>;
  /** Return codes counted as success, as an expression such as `RC<=4`; default `RC=0`. */
  successCondition?: string;
  /** Ad-hoc submissions get a plan-only definition, absent from the model. */
  adHoc?: boolean;
}

export interface SimOutputCondition {
  name: string;
  expression: string;
  satisfied: boolean;
}

export interface SimRun {
  id: string;
  attempt: number;
  rerunType: RerunType;
  /** Frozen status of a superseded run; the last run mirrors its job's live status. */
  status: JobStatus;
  returnCode?: number;
  submittedAt: number;
  startedAt?: number;
  endedAt?: number;
  jobNumber?: number;
  actualWorkstation?: string;
  /** How long this run takes once launched, and how it ends. */
  plannedMs: number;
  outcome: { status: 'SUCC' | 'ABEND'; returnCode: number };
  confirmed: boolean;
  outputConditions: SimOutputCondition[];
  step?: string;
  /** Hand-written log body lines (showcase jobs); otherwise a body is synthesised. */
  logBody?: readonly string[];
}

export type DepType = 'INTERNAL' | 'EXTERNAL_JOB' | 'EXTERNAL_JOBSTREAM' | 'PROMPT' | 'RESOURCE';

export interface SimDependency {
  id: string;
  type: DepType;
  sequence: number;
  predJobId?: string;
  predStreamId?: string;
  prompt?: { name: string; text: string; answered: boolean };
  resource?: { name: string; quantity: number };
  /** Statuses of the predecessor that satisfy the dependency; default: SUCC. */
  statusConditions?: ConditionStatus[];
  /** Output conditions of the predecessor that must hold (makes the dependency conditional). */
  outputConditions?: string[];
  /** Released by an operator (release-dependencies / release-all-dependencies). */
  released: boolean;
}

export interface SimJob {
  id: string;
  key: string;
  name: string;
  streamId: string;
  workstation: string;
  definitionId: string;
  position: number;
  priority: number;
  origPriority: number;
  status: JobStatus;
  substatus?: JobSubstatus;
  canceled: boolean;
  critical: boolean;
  requiresConfirmation: boolean;
  /** Earliest start (the job's `at` time), deadline and latest start, if any. */
  startTime?: number;
  deadline?: number;
  deps: SimDependency[];
  runs: SimRun[];
  /** Bumped on every state change; stale timed events carry an older version and are skipped. */
  version: number;
  /** When the job became READY (launch happens `launchDelayMs` later). */
  readyAt?: number;
  /** Set for ad-hoc submissions (they have no model job stream entry). */
  adHoc: boolean;
}

export interface SimJobStream {
  id: string;
  key: string;
  name: string;
  workstation: string;
  modelId: string;
  schedTime: number;
  priority: number;
  origPriority: number;
  limit: number;
  deps: SimDependency[];
  jobIds: string[];
  held: boolean;
  canceled: boolean;
  submitter: string;
  carryForward: boolean;
  startTime?: number;
  deadline?: number;
  /** 1 for the planned instance; >1 for instances submitted later from the same model. */
  instance: number;
  internalIdentifier: string;
}

export interface SimResource {
  name: string;
  workstation: string;
  total: number;
  available: number;
}
