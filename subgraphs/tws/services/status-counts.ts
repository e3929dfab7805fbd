import { ErrorCode, ResyncError } from '../../../core/errors/index.js';
import {
  commonStatusOf,
  JOB_COUNT_GROUPING,
  JOB_STATUSES,
  type GroupedCount,
  type HwaApi,
  type JobStatus,
} from '../../../core/hwa/index.js';
import type { Logger } from '../../../core/logger.js';
import type { PlanSummaryRecord } from '../model/records.js';

export type StatusCounts = Omit<PlanSummaryRecord, 'at'>;

/**
 * Counts of the plan's jobs by common and internal status in one `plan/job/count` call. HCL
 * documents grouping by `status` (internal) only; a master that refuses `commonStatus` is
 * remembered for the life of the process, so later counts go straight to the internal grouping
 * and derive the common one (then HELD jobs count as WAITING: that needs the substatus).
 * One counter per tws process, shared by every request's reader.
 */
export function createStatusCounter(logger: Logger) {
  let commonRefused = false;

  const grouped = async (hwa: HwaApi): Promise<GroupedCount> => {
    if (!commonRefused) {
      try {
        return await hwa.plan.countJobs(JOB_COUNT_GROUPING);
      } catch (error) {
        if (!(error instanceof ResyncError && error.code === ErrorCode.BAD_USER_INPUT)) throw error;
        commonRefused = true;
        logger.info(
          { err: error.message },
          'HWA refuses counting by commonStatus: common counts are derived from internal statuses from now on',
        );
      }
    }
    const internal = await hwa.plan.countJobs(['status']);
    const derived: Record<string, number> = {};
    for (const [status, count] of Object.entries(internal.groupedCount ?? {}))
      derived[`${commonStatusOf(undefined, status)},${status}`] = count;
    return { count: internal.count, groupedCount: derived };
  };

  return async function countByStatus(hwa: HwaApi): Promise<StatusCounts> {
    const counts = await grouped(hwa);
    const byStatus = new Map<JobStatus, number>(JOB_STATUSES.map((s) => [s, 0]));
    const byInternal = new Map<string, number>();
    for (const [group, count] of Object.entries(counts.groupedCount ?? {})) {
      const [common, internal] = group.split(',');
      const known = byStatus.get(common as JobStatus);
      if (known !== undefined) byStatus.set(common as JobStatus, known + count);
      if (internal) byInternal.set(internal, (byInternal.get(internal) ?? 0) + count);
    }
    return {
      total: counts.count ?? 0,
      byStatus: [...byStatus].map(([status, count]) => ({ status, count })),
      byInternalStatus: [...byInternal]
        .sort((a, b) => b[1] - a[1])
        .map(([internalStatus, count]) => ({ internalStatus, count })),
    };
  };
}

export type StatusCounter = ReturnType<typeof createStatusCounter>;
