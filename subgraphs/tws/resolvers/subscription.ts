import { oql } from '../../../core/hwa/index.js';
import type { TwsContext } from '../context.js';
import type { JobStatusChangeRecord } from '../model/records.js';
import type { JobStatus } from '../../../core/hwa/index.js';

export interface JobStatusChangeFilterInput {
  status?: readonly JobStatus[] | null;
  jobIds?: readonly string[] | null;
  name?: string | null;
  jobStream?: string | null;
  workstation?: string | null;
}

/** The same wildcards as the query filters (* % @ any run, ? one character), anchored. */
function matcher(pattern: string | null | undefined): ((value: string) => boolean) | undefined {
  if (!pattern) return undefined;
  const checked = oql.likePattern(pattern);
  const source = [...checked]
    .map((ch) =>
      ch === '%' || ch === '@' ? '.*' : ch === '?' ? '.' : ch.replace(/[\\^$.|+()[\]{}]/g, '\\$&'),
    )
    .join('');
  const re = new RegExp(`^${source}$`);
  return (value) => re.test(value);
}

/** Builds the predicate once per subscription; bad patterns fail the subscribe with BAD_USER_INPUT. */
export function changeFilter(
  filter: JobStatusChangeFilterInput | null | undefined,
): (change: JobStatusChangeRecord) => boolean {
  if (!filter) return () => true;
  const statuses = filter.status?.length ? new Set(filter.status) : undefined;
  const ids = filter.jobIds?.length ? new Set(filter.jobIds) : undefined;
  const name = matcher(filter.name);
  const stream = matcher(filter.jobStream);
  const workstation = matcher(filter.workstation);
  return ({ job }) =>
    (!statuses || statuses.has(job.status)) &&
    (!ids || ids.has(job.id)) &&
    (!name || name(job.name)) &&
    (!stream || stream(job.jobStreamName)) &&
    (!workstation || workstation(job.workstationName));
}

/** Filters an async iterator, passing `return()` through so unsubscribing frees the source. */
export function filterIterator<T>(
  source: AsyncIterableIterator<T>,
  keep: (value: T) => boolean,
): AsyncIterableIterator<T> {
  const iterator: AsyncIterableIterator<T> = {
    async next() {
      for (;;) {
        const step = await source.next();
        if (step.done || keep(step.value)) return step;
      }
    },
    return: () => source.return?.() ?? Promise.resolve({ value: undefined, done: true }),
    throw: (error?: unknown) =>
      source.throw?.(error) ?? Promise.reject(error instanceof Error ? error : new Error(String(error))),
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}

export const subscriptionResolvers = {
  jobStatusChanged: {
    subscribe: (_: unknown, { filter }: { filter?: JobStatusChangeFilterInput | null }, ctx: TwsContext) => {
      // Validate before subscribing, so a bad pattern leaves no subscription behind.
      const keep = changeFilter(filter);
      return filterIterator(ctx.tws.statusChanges(), keep);
    },
    resolve: (change: JobStatusChangeRecord) => change,
  },
};
