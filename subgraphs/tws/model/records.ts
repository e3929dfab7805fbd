import type { JobStatus } from '../../../core/hwa/index.js';

/**
 * What the tws subgraph keeps of HWA's objects: small, JSON-safe (cached in Redis, published on
 * pub/sub) and flat, with `null` rather than absent fields so a cached copy equals a fresh one.
 */
export interface JobRunRecord {
  id: string;
  attempt: number;
  status: JobStatus;
  internalStatus: string;
  returnCode: number | null;
  startTime: string | null;
  endTime: string | null;
  rerunType: string | null;
  lastInRerunChain: boolean;
  workstation: string | null;
  jobNumber: number | null;
}

export interface JobRecord {
  id: string;
  name: string;
  key: string | null;
  status: JobStatus;
  internalStatus: string;
  substatus: string | null;
  returnCode: number | null;
  startTime: string | null;
  endTime: string | null;
  estimatedDuration: string | null;
  scheduledTime: string | null;
  priority: number | null;
  critical: boolean;
  late: boolean;
  jobStreamId: string;
  jobStreamName: string;
  workstationId: string | null;
  workstationName: string;
  definitionId: string | null;
  runs: JobRunRecord[];
}

export interface JobStreamStatsRecord {
  total: number;
  successful: number;
  running: number;
  abended: number;
  failed: number;
  notRunning: number;
  undecided: number;
}

export interface JobStreamRecord {
  id: string;
  name: string;
  key: string | null;
  status: JobStatus;
  internalStatus: string;
  workstationName: string | null;
  workstationId: string | null;
  scheduledTime: string | null;
  startTime: string | null;
  endTime: string | null;
  priority: number | null;
  stats: JobStreamStatsRecord;
}

export interface WorkstationRecord {
  id: string;
  name: string;
  type: string;
  os: string | null;
  activeStates: string[];
  fence: number | null;
  limit: number | null;
  nodeName: string | null;
  domainName: string | null;
  version: string | null;
  timeZone: string | null;
}

export interface JobDefinitionRecord {
  id: string;
  name: string;
  workstation: string | null;
  taskType: string | null;
  command: string | null;
  userLogin: string | null;
  recoveryAction: string | null;
}

export interface Page<T> {
  total: number;
  items: T[];
}

export interface PlanSummaryRecord {
  total: number;
  byStatus: Array<{ status: JobStatus; count: number }>;
  byInternalStatus: Array<{ internalStatus: string; count: number }>;
  at: string;
}

/** One status change found by the poller (what `jobStatusChanged` delivers). */
export interface JobStatusChangeRecord {
  job: JobRecord;
  previousStatus: JobStatus | null;
  previousInternalStatus: string | null;
  at: string;
}
