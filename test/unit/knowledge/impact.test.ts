import { summariseImpact } from '../../../subgraphs/knowledge/graph/impact.js';
import type { ImpactRow } from '../../../subgraphs/knowledge/store/queries.js';

const row = (id: string, distance: number, stream = 'S', critical = false): ImpactRow => ({
  id,
  name: id.toUpperCase(),
  jobStreamId: stream,
  jobStreamName: `STREAM_${stream}`,
  critical,
  distance,
});
const streams = new Map([
  ['S', { id: 'S', name: 'STREAM_S', workstation: 'AGT', totalJobs: 3 }],
  ['T', { id: 'T', name: 'STREAM_T', workstation: undefined, totalJobs: 2 }],
]);

describe('impact summary', () => {
  const rows = [row('c', 2, 'T', true), row('a', 1), row('b', 1), row('d', 3, 'T'), row('beyond', 4, 'T')];

  it('counts what lies within the depth, nearest first, and says the walk was cut', () => {
    const impact = summariseImpact(rows, 3, 10, streams);
    expect(impact.count).toBe(4);
    expect(impact.jobIds).toEqual(['a', 'b', 'c', 'd']);
    expect(impact.maxDistance).toBe(3);
    expect(impact.truncated).toBe(true);
    expect(summariseImpact(rows.slice(0, 4), 3, 10, streams).truncated).toBe(false);
  });

  it('lists the affected streams, most affected first, and which cannot start at all', () => {
    const impact = summariseImpact(rows, 3, 10, streams);
    expect(impact.jobStreamCount).toBe(2);
    expect(impact.jobStreams).toEqual([
      { id: 'S', name: 'STREAM_S', workstation: 'AGT', impactedJobs: 2, totalJobs: 3, blocked: false },
      { id: 'T', name: 'STREAM_T', workstation: undefined, impactedJobs: 2, totalJobs: 2, blocked: true },
    ]);
  });

  it('picks out the critical jobs and limits the lists, never the counts', () => {
    const impact = summariseImpact(rows, 3, 1, streams);
    expect(impact.count).toBe(4);
    expect(impact.jobIds).toEqual(['a']);
    expect(impact.criticalCount).toBe(1);
    expect(impact.criticalJobIds).toEqual(['c']);
    expect(summariseImpact(rows, 3, 0, streams).jobIds).toEqual([]);
  });

  it('is empty for a job nothing waits for', () => {
    expect(summariseImpact([], 5, 10, streams)).toMatchObject({
      count: 0,
      jobIds: [],
      jobStreams: [],
      maxDistance: 0,
      truncated: false,
    });
  });
});
