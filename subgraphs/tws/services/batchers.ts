import DataLoader from 'dataloader';
import { ErrorCode, ResyncError } from '../../../core/errors/index.js';
import { JOB_OQL, JOB_STREAM_OQL, oql, type HwaApi, type HwaClient } from '../../../core/hwa/index.js';
import type { Logger } from '../../../core/logger.js';
import { toJobRecord, toJobStreamRecord } from '../model/mappers.js';
import type { JobRecord, JobStreamRecord } from '../model/records.js';

/** Largest OQL `id = … OR …` batch: keeps URLs well under common 8 KB limits. */
const ID_BATCH = 50;

/** One id to look up, and the request that wants it (its id goes to HWA as `Request-Id`). */
export interface Lookup {
  id: string;
  requestId: string;
}

const isNotFound = (error: unknown) => error instanceof ResyncError && error.code === ErrorCode.NOT_FOUND;

/**
 * Process-wide batching of id lookups: cache misses from every request in the same tick become
 * one HWA call (`id = … OR …`), where per-request loaders alone would each call HWA. They do not
 * cache (`cache: false`): the cache hierarchy does, with its TTLs and invalidation.
 *
 * A batch serves several requests but HWA takes one `Request-Id`: the call carries the first
 * request's id, and the others are logged with it so HWA's log still leads back to every request.
 */
export function createBatchers(hwa: Pick<HwaClient, 'forRequest'>, logger: Logger) {
  const apiFor = (lookups: readonly Lookup[], what: string): HwaApi => {
    const requestId = lookups[0]!.requestId;
    const alsoFor = [...new Set(lookups.map((l) => l.requestId))].filter((id) => id !== requestId);
    if (alsoFor.length > 0) logger.debug({ requestId, alsoFor, what }, 'one HWA lookup for several requests');
    return hwa.forRequest(requestId);
  };
  const idsOf = (lookups: readonly Lookup[]) => [...new Set(lookups.map((l) => l.id))];
  const options = { cache: false, maxBatchSize: ID_BATCH } as const;

  return {
    job: new DataLoader<Lookup, JobRecord | undefined>(async (lookups) => {
      const api = apiFor(lookups, 'jobs');
      const ids = idsOf(lookups);
      if (ids.length === 1) {
        // One id: the documented GET by id (404 means gone from the plan).
        const job = await api.plan
          .getJob(ids[0]!)
          .catch((error: unknown) => (isNotFound(error) ? undefined : Promise.reject(error)));
        const record = job ? toJobRecord(job) : undefined;
        return lookups.map(() => record);
      }
      const page = await api.plan.listJobs({ oql: oql.anyOf(JOB_OQL.id, ids), limit: ids.length });
      const found = new Map(
        (page.results ?? []).map(toJobRecord).flatMap((r) => (r ? [[r.id, r] as const] : [])),
      );
      return lookups.map((l) => found.get(l.id));
    }, options),
    jobStream: new DataLoader<Lookup, JobStreamRecord | undefined>(async (lookups) => {
      const ids = idsOf(lookups);
      const page = await apiFor(lookups, 'job streams').plan.listJobStreams({
        oql: oql.anyOf(JOB_STREAM_OQL.id, ids),
        limit: ids.length,
      });
      const found = new Map(
        (page.results ?? []).map(toJobStreamRecord).flatMap((r) => (r ? [[r.id, r] as const] : [])),
      );
      return lookups.map((l) => found.get(l.id));
    }, options),
  };
}

export type Batchers = ReturnType<typeof createBatchers>;
