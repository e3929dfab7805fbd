import { withStreamTotals } from '../../../subgraphs/knowledge/graph/impact.js';
import type { ImpactRow } from '../../../subgraphs/knowledge/store/queries.js';

const walk: ImpactRow = {
  count: 4,
  jobIds: ['a', 'b', 'c', 'd'],
  jobStreamCount: 3,
  // Already cut to `first` (2) by the query: the third stream is only counted.
  jobStreams: [
    { id: 'S', name: 'STREAM_S', impactedJobs: 2 },
    { id: 'T', name: 'STREAM_T', impactedJobs: 2 },
  ],
  criticalCount: 1,
  criticalJobIds: ['c'],
  maxDistance: 3,
  truncated: true,
};
const streams = new Map([
  ['S', { id: 'S', name: 'STREAM_S', workstation: 'AGT', totalJobs: 3 }],
  ['T', { id: 'T', name: 'STREAM_T', workstation: undefined, totalJobs: 2 }],
]);

describe('impact stream totals', () => {
  it('tells which listed streams cannot start at all, keeping counts and lists as counted', () => {
    const impact = withStreamTotals(walk, streams);
    expect(impact.jobStreams).toEqual([
      { id: 'S', name: 'STREAM_S', workstation: 'AGT', impactedJobs: 2, totalJobs: 3, blocked: false },
      { id: 'T', name: 'STREAM_T', workstation: undefined, impactedJobs: 2, totalJobs: 2, blocked: true },
    ]);
    expect(impact).toMatchObject({ count: 4, jobStreamCount: 3, criticalJobIds: ['c'], truncated: true });
  });

  it('counts a stream it knows nothing more of by its impacted jobs', () => {
    expect(withStreamTotals(walk, new Map()).jobStreams[0]).toMatchObject({ totalJobs: 2, blocked: true });
  });
});
