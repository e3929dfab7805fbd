import DataLoader from 'dataloader';
import type { JobRecord, JobStreamRecord, WorkstationRecord } from '../model/records.js';
import type { PlanReader } from './plan-reader.js';

/**
 * Per-request batching (one set per GraphQL request): every job, job stream and workstation a
 * query touches is fetched in as few HWA calls as possible, e.g. `jobs(first: 50)` with their
 * streams and workstations is three calls, whatever the page size.
 *
 * `cache: false` for a subscription's context, which serves every event for hours: loads are
 * still batched per tick, but each event reads the plan afresh (PlanReader's shared cache still
 * answers; it is invalidated when the plan moves) and nothing accumulates.
 */
export function createLoaders(reader: PlanReader, { cache = true }: { cache?: boolean } = {}) {
  const options = { cache };
  const workstationsByKey = new DataLoader<string, WorkstationRecord | null>(async (keys) => {
    const all = await reader.workstations();
    const index = new Map<string, WorkstationRecord>();
    for (const ws of all) {
      index.set(`name:${ws.name}`, ws);
      index.set(`id:${ws.id}`, ws);
    }
    return keys.map((key) => index.get(key) ?? null);
  }, options);
  const job = new DataLoader<string, JobRecord | null>(
    async (ids) => (await reader.jobsByIds(ids)).map((j) => j ?? null),
    options,
  );
  return {
    job,
    jobStream: new DataLoader<string, JobStreamRecord | null>(
      async (ids) => (await reader.jobStreamsByIds(ids)).map((s) => s ?? null),
      options,
    ),
    workstationByName: (name: string) => workstationsByKey.load(`name:${name}`),
    workstationById: (id: string) => workstationsByKey.load(`id:${id}`),
    /** Seeds the job loader with what a list already returned (no second fetch for entity lookups). */
    primeJobs(records: readonly JobRecord[]) {
      for (const record of records) job.prime(record.id, record);
    },
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
