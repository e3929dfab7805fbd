// Reads the current plan (and the pool membership from the model) from HWA through core/hwa
// and builds the snapshot page by page, so a 100k-job plan never sits in memory as raw JSON.
import { ErrorCode, ResyncError } from '../../../core/errors/index.js';
import type { HwaApi, JobStreamInPlan } from '../../../core/hwa/index.js';
import type { GraphSnapshot } from '../model/types.js';
import { SnapshotBuilder } from './snapshot-builder.js';

export interface LoadOptions {
  /** Jobs and job streams per HWA page (TWS_PAGE_SIZE). */
  pageSize: number;
  /** Job streams read one by one for their stream-level dependencies, at most this many at once. @default 8 */
  concurrency?: number;
  signal?: AbortSignal | undefined;
}

/** HWA lists leave a stream's own dependencies out; only streams that have some are read by id. */
function needsDetail(stream: JobStreamInPlan): boolean {
  const count = stream.dependenciesStats?.numberOfDependencies;
  return count === undefined || count > 0;
}

export async function loadPlanSnapshot(
  hwa: HwaApi,
  { pageSize, concurrency = 8, signal }: LoadOptions,
): Promise<GraphSnapshot> {
  const builder = new SnapshotBuilder();
  for (const ws of await hwa.plan.allWorkstations({ pageSize })) builder.addWorkstation(ws);
  signal?.throwIfAborted();
  for (const model of await hwa.model.allWorkstations({ pageSize })) {
    const members = (model.def.members ?? []).flatMap((m) => (m.workstation ? [m.workstation] : []));
    if (members.length > 0) builder.addPoolMembers(model.def.name, members);
  }

  const detail: string[] = [];
  for await (const page of hwa.plan.walkJobStreams({ pageSize })) {
    signal?.throwIfAborted();
    for (const stream of page) {
      builder.addJobStream(stream);
      if (stream.id && !stream.dependencies && needsDetail(stream)) detail.push(stream.id);
    }
  }
  await forEachLimit(detail, concurrency, async (id) => {
    signal?.throwIfAborted();
    try {
      const stream = await hwa.plan.getJobStream(id);
      builder.addDependencies({ label: 'JobStream', id }, stream.dependencies ?? []);
    } catch (error) {
      // Gone from the plan since the list was read: nothing to add.
      if (!(error instanceof ResyncError && error.code === ErrorCode.NOT_FOUND)) throw error;
    }
  });

  for await (const page of hwa.plan.walkJobs({ pageSize })) {
    signal?.throwIfAborted();
    for (const job of page) builder.addJob(job);
  }
  return builder.build();
}

async function forEachLimit<T>(
  items: readonly T[],
  limit: number,
  run: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await run(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
