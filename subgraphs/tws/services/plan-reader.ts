import type { Cache } from '../../../core/cache/index.js';
import { ErrorCode, ResyncError, UpstreamUnavailableError } from '../../../core/errors/index.js';
import { HWA_UPSTREAM, type HwaApi, type HwaClient, type JobInPlan } from '../../../core/hwa/index.js';
import type { Logger } from '../../../core/logger.js';
import { keptLog, LOG_READ_BYTES } from '../model/log.js';
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
import { createBatchers, type Batchers } from './batchers.js';
import type { TwsCacheKind } from './cache-kinds.js';
import { createStatusCounter, type StatusCounter } from './status-counts.js';

const defined = <T>(value: T | undefined): value is T => value !== undefined;

/**
 * Reads of the plan through the cache. Every method is a cache kind; HWA is called only on a
 * miss, and concurrent misses share one call (single flight). Records, not HWA payloads, are
 * cached: they are a fraction of the size.
 */
/** What the readers of every request share within one tws process. */
export interface PlanShared {
  batch: Batchers;
  countByStatus: StatusCounter;
}

export function createPlanShared(hwa: HwaClient, logger: Logger): PlanShared {
  return { batch: createBatchers(hwa, logger), countByStatus: createStatusCounter(logger) };
}

export class PlanReader {
  constructor(
    /** Sends the request's id to HWA (`Request-Id`). */
    private readonly hwa: HwaApi,
    private readonly cache: Cache<TwsCacheKind>,
    private readonly shared: PlanShared,
    private readonly requestId: string,
  ) {}

  static forRequest(
    client: HwaClient,
    cache: Cache<TwsCacheKind>,
    shared: PlanShared,
    requestId: string,
  ): PlanReader {
    return new PlanReader(client.forRequest(requestId), cache, shared, requestId);
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
    // A 200 with an empty body parses to undefined; a job without an id cannot be addressed. Both
    // are HWA misbehaving, not our bug: say so instead of a masked INTERNAL.
    const job: JobInPlan | undefined = await this.hwa.plan.getJob(id);
    const record = job ? toJobRecord(job) : undefined;
    if (!record) throw new UpstreamUnavailableError(HWA_UPSTREAM, 'HWA returned a job without an id');
    return record;
  }

  /**
   * Jobs by id: cached ones from the cache, the rest in one HWA call per tick and 50 ids, shared
   * with every other request missing the same ids at the same time. Unknown ids map to undefined.
   */
  jobsByIds(ids: readonly string[]): Promise<Array<JobRecord | undefined>> {
    return Promise.all(
      ids.map((id) =>
        this.cache.getOrLoad('job', id, () => this.shared.batch.job.load({ id, requestId: this.requestId })),
      ),
    );
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
      ids.map((id) =>
        this.cache.getOrLoad('jobStream', id, () =>
          this.shared.batch.jobStream.load({ id, requestId: this.requestId }),
        ),
      ),
    );
  }

  /** Every workstation of the plan: a handful, read in one call and indexed by the loaders. */
  workstations(): Promise<WorkstationRecord[]> {
    return this.cache.getOrLoad('workstations', 'all', async () =>
      (await this.hwa.plan.allWorkstations()).map(toWorkstationRecord).filter(defined),
    );
  }

  /** Counts by common and internal status (see status-counts.ts), at the time they were read. */
  summary(): Promise<PlanSummaryRecord> {
    return this.cache.getOrLoad('summary', 'plan', async () => ({
      ...(await this.shared.countByStatus(this.hwa)),
      at: new Date().toISOString(),
    }));
  }

  /**
   * The end of a run's log, as much as `Job.log` can return (MAX_TAIL lines), or null when HWA has
   * none (not started, unknown run). Only that is cached: the rest could never be served.
   */
  jobLog(runId: string): Promise<string | null> {
    return this.cache.getOrLoad('jobLog', runId, async () => {
      try {
        const log = await this.hwa.plan.jobLog(runId, { maxBytes: LOG_READ_BYTES });
        return keptLog(log.text, log.truncated);
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
