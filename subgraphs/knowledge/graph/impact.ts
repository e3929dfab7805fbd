// Completes an impact walk (counted in Cypher: store/queries.ts downstreamImpact) with what each
// listed stream holds in all, to tell which streams cannot start at all. Pure.
import type { ImpactRow, StreamInfo } from '../store/queries.js';

export interface ImpactedStream {
  id: string;
  name: string;
  workstation: string | undefined;
  impactedJobs: number;
  totalJobs: number;
  blocked: boolean;
}

export interface Impact extends Omit<ImpactRow, 'jobStreams'> {
  jobStreams: ImpactedStream[];
}

/** `streams` gives the listed streams' total job counts (a stream missing from it counts only its impacted jobs). */
export function withStreamTotals(impact: ImpactRow, streams: ReadonlyMap<string, StreamInfo>): Impact {
  return {
    ...impact,
    jobStreams: impact.jobStreams.map(({ id, name, impactedJobs }): ImpactedStream => {
      const info = streams.get(id);
      const totalJobs = Math.max(info?.totalJobs ?? impactedJobs, impactedJobs);
      return {
        id,
        name: info?.name ?? name,
        workstation: info?.workstation,
        impactedJobs,
        totalJobs,
        blocked: impactedJobs === totalJobs,
      };
    }),
  };
}
