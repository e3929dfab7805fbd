import type { JobRecord, JobStatusChangeRecord } from '../model/records.js';
import type { JobStatus } from '../../../core/hwa/index.js';
import type { Snapshot } from './snapshot.js';

export const signatureOf = (job: Pick<JobRecord, 'status' | 'internalStatus'>) =>
  `${job.status}|${job.internalStatus}`;

export interface PlanDiff {
  changes: JobStatusChangeRecord[];
  /** Entries to write to the snapshot (changed or new jobs). */
  changed: Map<string, string>;
  /** Jobs gone from the plan. */
  removed: string[];
  next: Snapshot;
}

/**
 * Compares the plan with the previous snapshot: one change per job whose common or internal
 * status differs, and one per job that appeared (previous status null). Without a previous
 * snapshot (first poll ever) it only records the baseline: nothing "changed".
 */
export function diffPlan(previous: Snapshot | undefined, jobs: readonly JobRecord[], at: string): PlanDiff {
  const next: Snapshot = new Map();
  const changed = new Map<string, string>();
  const changes: JobStatusChangeRecord[] = [];
  for (const job of jobs) {
    const signature = signatureOf(job);
    next.set(job.id, signature);
    const before = previous?.get(job.id);
    if (before === signature) continue;
    changed.set(job.id, signature);
    if (previous === undefined) continue;
    const [previousStatus, previousInternalStatus] =
      before === undefined ? [null, null] : (before.split('|') as [JobStatus, string]);
    changes.push({ job, previousStatus, previousInternalStatus, at });
  }
  const removed = previous ? [...previous.keys()].filter((id) => !next.has(id)) : [];
  return { changes, changed, removed, next };
}
