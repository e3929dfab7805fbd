import type { Cache } from '../../../core/cache/index.js';
import { ErrorCode, ResyncError } from '../../../core/errors/index.js';
import {
  commonStatusOf,
  JOB_COUNT_GROUPING,
  JOB_STATUSES,
  type HwaApi,
  type HwaClient,
  type JobStatus,
} from '../../../core/hwa/index.js';
import {
  toJobDefinitionRecord,
  toJobRecord,
  toJobStreamRecord,
  toWorkstationRecord,
} from '../model/mappers.js';
import type {
  JobDefinitionRecord,
  JobRecord,
  JobStreamRecord,
  Page,
  PlanSummaryRecord,
  WorkstationRecord,
} from '../model/records.js';
import type { Batchers } from './batchers.js';
import type { TwsCacheKind } from './cache-kinds.js';

const defined = <T>(value: T | undefined): value is T => value !== undefined;

/**
 * Reads of the plan through the cache. Every method is a cache kind; HWA is called only on a
 * miss, and concurrent misses share one call (single flight). Records, not HWA payloads, are
 * cached: they are a fraction of the size.
 */
export class PlanReader {
  constructor(
    private readonly hwa: HwaApi,
    private readonly cache: Cache<TwsCacheKind>,
    private readonly batch: Batchers,
  ) {}

  static forRequest(
    client: HwaClient,
    cache: Cache<TwsCacheKind>,
    batch: Batchers,
    requestId: string,
  ): PlanReader {
    return new PlanReader(client.forRequest(requestId), cache, batch);
  }

  jobsPage(query: string | undefined, offset: number, limit: number): Promise<Page<JobRecord>> {
    return this.cache.getOrLoad('jobPage', `${offset}|${limit}|${query ?? ''}`, async () => {
      const page = await this.hwa.plan.listJobs({ oql: query, offset, limit });
      const items = (page.results ?? []).map(toJobRecord).filter(defined);
      return { total: page.count ?? offset + items.length, items };
    });
  }

  job(id: string): Promise<JobRecord> {
    return this.cache.getOrLoad('job', id, () => this.freshJob(id));
  }

  /** Straight from HWA (actions read the state they act on, and return the state after). */
  async freshJob(id: string): Promise<JobRecord> {
    const record = toJobRecord(await this.hwa.plan.getJob(id));
    if (!record) throw new Error(`HWA returned job ${id} without an id`);
    return record;
  }

  /**
   * Jobs by id: cached ones from the cache, the rest in one HWA call per tick and 50 ids, shared
   * with every other request missing the same ids at the same time. Unknown ids map to undefined.
   */
  jobsByIds(ids: readonly string[]): Promise<Array<JobRecord | undefined>> {
    return Promise.all(ids.map((id) => this.cache.getOrLoad('job', id, () => this.batch.job.load(id))));
  }

  jobStreamsPage(query: string | undefined, offset: number, limit: number): Promise<Page<JobStreamRecord>> {
    return this.cache.getOrLoad('jobStreamPage', `${offset}|${limit}|${query ?? ''}`, async () => {
      const page = await this.hwa.plan.listJobStreams({ oql: query, offset, limit });
      const items = (page.results ?? []).map(toJobStreamRecord).filter(defined);
      return { total: page.count ?? offset + items.length, items };
    });
  }

  jobStreamsByIds(ids: readonly string[]): Promise<Array<JobStreamRecord | undefined>> {
    return Promise.all(
      ids.map((id) => this.cache.getOrLoad('jobStream', id, () => this.batch.jobStream.load(id))),
    );
  }

  /** Every workstation of the plan: a handful, read in one call and indexed by the loaders. */
  workstations(): Promise<WorkstationRecord[]> {
    return this.cache.getOrLoad('workstations', 'all', async () =>
      (await this.hwa.plan.allWorkstations()).map(toWorkstationRecord).filter(defined),
    );
  }

  /**
   * Counts by common and internal status in one `plan/job/count` call. HCL documents grouping by
   * `status` (internal) only; when a master refuses `commonStatus` the common counts are derived
   * from the internal ones (then HELD jobs count as WAITING: that needs the substatus).
   */
  summary(): Promise<PlanSummaryRecord> {
    return this.cache.getOrLoad('summary', 'plan', async () => {
      const counts = await this.hwa.plan.countJobs(JOB_COUNT_GROUPING).catch(async (error: unknown) => {
        if (!(error instanceof ResyncError && error.code === ErrorCode.BAD_USER_INPUT)) throw error;
        const internal = await this.hwa.plan.countJobs(['status']);
        const derived: Record<string, number> = {};
        for (const [status, count] of Object.entries(internal.groupedCount ?? {})) {
          derived[`${commonStatusOf(undefined, status)},${status}`] = count;
        }
        return { count: internal.count, groupedCount: derived };
      });
      const byStatus = new Map<JobStatus, number>(JOB_STATUSES.map((s) => [s, 0]));
      const byInternal = new Map<string, number>();
      for (const [group, count] of Object.entries(counts.groupedCount ?? {})) {
        const [common, internal] = group.split(',');
        if (common && byStatus.has(common as JobStatus))
          byStatus.set(common as JobStatus, byStatus.get(common as JobStatus)! + count);
        if (internal) byInternal.set(internal, (byInternal.get(internal) ?? 0) + count);
      }
      return {
        total: counts.count ?? 0,
        byStatus: [...byStatus].map(([status, count]) => ({ status, count })),
        byInternalStatus: [...byInternal]
          .sort((a, b) => b[1] - a[1])
          .map(([internalStatus, count]) => ({ internalStatus, count })),
        at: new Date().toISOString(),
      };
    });
  }

  /** The whole log of a run (its last 1 MiB), or null when HWA has none (not started, unknown run). */
  jobLog(runId: string): Promise<string | null> {
    return this.cache.getOrLoad('jobLog', runId, async () => {
      try {
        return (await this.hwa.plan.jobLog(runId, { maxBytes: 1024 * 1024 })).text;
      } catch (error) {
        if (error instanceof ResyncError && error.code === ErrorCode.NOT_FOUND) return null;
        throw error;
      }
    });
  }

  jobDefinition(id: string): Promise<JobDefinitionRecord | null> {
    return this.cache.getOrLoad('jobDefinition', id, async () => {
      try {
        return toJobDefinitionRecord(await this.hwa.model.getJobDefinition(id)) ?? null;
      } catch (error) {
        // Ad-hoc jobs have no model definition (404); a malformed id is HWA's 400.
        const absent =
          error instanceof ResyncError &&
          (error.code === ErrorCode.NOT_FOUND || error.code === ErrorCode.BAD_USER_INPUT);
        if (absent) return null;
        throw error;
      }
    });
  }
}
