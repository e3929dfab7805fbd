// The status poller's schedule: pokes (one per action, from any instance) bring the next poll
// forward but must never postpone it, and a publish failure must not lose the changes.
import { Registry } from 'prom-client';
import type { HwaClient } from '../../../core/hwa/index.js';
import { silentLogger } from '../../../core/logger.js';
import { createMemoryPubSub, type PubSub } from '../../../core/pubsub/index.js';
import { createStatusPoller, JOB_STATUS_CHANNEL } from '../../../subgraphs/tws/poller/poller.js';

function fakeHwa(plan: () => unknown[]) {
  let reads = 0;
  const hwa = {
    plan: {
      async *walkJobs() {
        reads += 1;
        yield plan();
      },
    },
  } as unknown as HwaClient;
  return { hwa, reads: () => reads };
}

const job = (status: string) => ({
  id: 'J1',
  name: 'LOAD_DW_SALES',
  jobStreamName: 'ETL_SALES',
  jobStreamId: 'S1',
  workstation: 'AGT_LNX02',
  lastRunCommonStatus: status,
  lastRunCompositeStatus: { status: status === 'HELD' ? 'HOLD' : 'READY' },
});

function poller(hwa: HwaClient, pubsub: PubSub, intervalMs: number) {
  return createStatusPoller({
    hwa,
    pubsub,
    keyPrefix: 't:',
    intervalMs,
    pageSize: 100,
    instanceId: 'i1',
    logger: silentLogger(),
    registry: new Registry(),
  });
}

describe('status poller schedule', () => {
  it('keeps polling at its interval while pokes arrive faster than the poke delay', async () => {
    const { hwa, reads } = fakeHwa(() => []);
    const p = poller(hwa, createMemoryPubSub(), 400);
    await p.start();
    const poking = setInterval(() => p.poke(), 150);
    await new Promise((r) => setTimeout(r, 1500));
    clearInterval(poking);
    await p.stop();
    expect(reads()).toBeGreaterThanOrEqual(3);
  });

  it('finds the same change again when publishing it failed', async () => {
    let status = 'WAITING';
    const { hwa } = fakeHwa(() => [job(status)]);
    const pubsub = createMemoryPubSub();
    const received: unknown[] = [];
    await pubsub.listen(JOB_STATUS_CHANNEL, (c) => received.push(c));
    let failNext = false;
    const flaky: PubSub = {
      ...pubsub,
      publish: async (channel, payload) => {
        if (channel === JOB_STATUS_CHANNEL && failNext) {
          failNext = false;
          throw new Error('redis blip');
        }
        return pubsub.publish(channel, payload);
      },
    };
    const p = poller(hwa, flaky, 100);
    await p.start();
    await new Promise((r) => setTimeout(r, 250));
    failNext = true;
    status = 'HELD';
    await new Promise((r) => setTimeout(r, 600));
    await p.stop();
    expect(
      received.map(
        (c) =>
          `${(c as { previousStatus: string }).previousStatus}>${(c as { job: { status: string } }).job.status}`,
      ),
    ).toEqual(['WAITING>HELD']);
  });
});
