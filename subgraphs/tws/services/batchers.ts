import DataLoader from 'dataloader';
import { ErrorCode, ResyncError } from '../../../core/errors/index.js';
import { JOB_OQL, JOB_STREAM_OQL, oql, type HwaApi } from '../../../core/hwa/index.js';
import { toJobRecord, toJobStreamRecord } from '../model/mappers.js';
import type { JobRecord, JobStreamRecord } from '../model/records.js';

/** Largest OQL `id = … OR …` batch: keeps URLs well under common 8 KB limits. */
const ID_BATCH = 50;

const isNotFound = (error: unknown) => error instanceof ResyncError && error.code === ErrorCode.NOT_FOUND;

/**
 * Process-wide batching of id lookups: cache misses from every request in the same tick become
 * one HWA call (`id = … OR …`), where per-request loaders alone would each call HWA. They do not
 * cache (`cache: false`): the cache hierarchy does, with its TTLs and invalidation.
 */
export function createBatchers(hwa: HwaApi) {
  return {
    job: new DataLoader<string, JobRecord | undefined>(
      async (ids) => {
        if (ids.length === 1) {
          // One id: the documented GET by id (404 means gone from the plan).
          const job = await hwa.plan
            .getJob(ids[0]!)
            .catch((error: unknown) => (isNotFound(error) ? undefined : Promise.reject(error)));
          return [job ? toJobRecord(job) : undefined];
        }
        const page = await hwa.plan.listJobs({ oql: oql.anyOf(JOB_OQL.id, ids), limit: ids.length });
        const found = new Map(
          (page.results ?? []).map(toJobRecord).flatMap((r) => (r ? [[r.id, r] as const] : [])),
        );
        return ids.map((id) => found.get(id));
      },
      { cache: false, maxBatchSize: ID_BATCH },
    ),
    jobStream: new DataLoader<string, JobStreamRecord | undefined>(
      async (ids) => {
        const page = await hwa.plan.listJobStreams({
          oql: oql.anyOf(JOB_STREAM_OQL.id, ids),
          limit: ids.length,
        });
        const found = new Map(
          (page.results ?? []).map(toJobStreamRecord).flatMap((r) => (r ? [[r.id, r] as const] : [])),
        );
        return ids.map((id) => found.get(id));
      },
      { cache: false, maxBatchSize: ID_BATCH },
    ),
  };
}

export type Batchers = ReturnType<typeof createBatchers>;
