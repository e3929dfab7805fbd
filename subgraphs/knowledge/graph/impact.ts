// Aggregates an impact walk (every downstream job with its distance) into what the API serves:
// counts, the jobs nearest first, the streams affected, the critical jobs. Pure.
import type { ImpactRow, StreamInfo } from '../store/queries.js';

export interface ImpactedStream {
  id: string;
  name: string;
  workstation: string | undefined;
  impactedJobs: number;
  totalJobs: number;
  blocked: boolean;
}

export interface Impact {
  count: number;
  jobIds: string[];
  jobStreamCount: number;
  jobStreams: ImpactedStream[];
  criticalCount: number;
  criticalJobIds: string[];
  maxDistance: number;
  truncated: boolean;
}

const order = (a: ImpactRow, b: ImpactRow) =>
  a.distance - b.distance ||
  a.jobStreamName.localeCompare(b.jobStreamName) ||
  a.name.localeCompare(b.name) ||
  a.id.localeCompare(b.id);

/**
 * `rows` come from a walk one level deeper than `depth`: anything beyond `depth` only tells that
 * the walk was cut short. `streams` gives each affected stream's total job count.
 */
export function summariseImpact(
  rows: readonly ImpactRow[],
  depth: number,
  first: number,
  streams: ReadonlyMap<string, StreamInfo>,
): Impact {
  const within = rows.filter((r) => r.distance <= depth).sort(order);
  const perStream = new Map<string, { name: string; count: number }>();
  for (const row of within) {
    const entry = perStream.get(row.jobStreamId) ?? { name: row.jobStreamName, count: 0 };
    entry.count += 1;
    perStream.set(row.jobStreamId, entry);
  }
  const jobStreams = [...perStream].map(([id, { name, count }]): ImpactedStream => {
    const info = streams.get(id);
    const totalJobs = Math.max(info?.totalJobs ?? count, count);
    return {
      id,
      name: info?.name ?? name,
      workstation: info?.workstation,
      impactedJobs: count,
      totalJobs,
      blocked: count === totalJobs,
    };
  });
  jobStreams.sort((a, b) => b.impactedJobs - a.impactedJobs || a.name.localeCompare(b.name));
  const critical = within.filter((r) => r.critical === true);
  return {
    count: within.length,
    jobIds: within.slice(0, first).map((r) => r.id),
    jobStreamCount: jobStreams.length,
    jobStreams,
    criticalCount: critical.length,
    criticalJobIds: critical.slice(0, first).map((r) => r.id),
    maxDistance: within.at(-1)?.distance ?? 0,
    truncated: within.length < rows.length,
  };
}
