import { createLoaders } from '../../../subgraphs/tws/services/loaders.js';
import type { PlanReader } from '../../../subgraphs/tws/services/plan-reader.js';

/** A reader that answers every job id with a new record, counting the calls. */
function countingReader() {
  let calls = 0;
  const reader = {
    jobsByIds: async (ids: readonly string[]) => {
      calls++;
      return ids.map((id) => ({ id, status: `v${calls}` }));
    },
  } as unknown as PlanReader;
  return { reader, calls: () => calls };
}

describe('tws loaders', () => {
  it('remember a job for the rest of one request', async () => {
    const { reader, calls } = countingReader();
    const loaders = createLoaders(reader);
    await loaders.job.load('j1');
    expect(await loaders.job.load('j1')).toMatchObject({ status: 'v1' });
    expect(calls()).toBe(1);
  });

  it('read afresh for every event of a subscription (uncached), still batching one tick', async () => {
    const { reader, calls } = countingReader();
    const loaders = createLoaders(reader, { cache: false });
    await Promise.all([loaders.job.load('j1'), loaders.job.load('j2')]);
    expect(calls()).toBe(1);
    expect(await loaders.job.load('j1')).toMatchObject({ status: 'v2' });
  });
});
