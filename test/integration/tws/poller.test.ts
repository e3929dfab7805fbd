// jobStatusChanged across instances: one poller per deployment (Redis lock), every instance's
// subscribers get each change exactly once, the cache of every instance is invalidated, and the
// poller fails over when its leader stops.
import type { Client } from 'graphql-ws';
import { jobIdOf } from '../../../simulator/index.js';
import { Disposer } from '../../harness/services.js';
import { eventually, startTwsCluster, type TwsCluster, type TwsInstance } from './support/tws.js';

jest.setTimeout(30_000);

const SUBSCRIPTION =
  'subscription { jobStatusChanged { job { id name } previousStatus status internalStatus } }';
const HELD = jobIdOf('FIN_CLOSE', 'FC_IMPORT_SALES');

interface Change {
  job: { id: string; name: string };
  previousStatus: string | null;
  status: string;
}

/** Subscribes and keeps every event received, until disposed. */
function listen(client: Client, received: Change[]): Promise<void> {
  return new Promise((resolve) => {
    client.subscribe<{ jobStatusChanged: Change }>(
      { query: SUBSCRIPTION },
      {
        next: (e) => e.data && received.push(e.data.jobStatusChanged),
        error: () => resolve(),
        complete: () => resolve(),
      },
    );
  });
}

const leaders = (c: TwsCluster) =>
  Promise.all(
    c.instances.map(async (i) => {
      const metric = await i.runtime.registry.getSingleMetric('resync_tws_poller_leader')?.get();
      return metric?.values[0]?.value ?? 0;
    }),
  );

async function subscribed(instance: TwsInstance, disposer: Disposer, received: Change[]): Promise<void> {
  const client = disposer.add(await instance.ws('viewer'), (c) => c.dispose());
  void listen(client, received);
}

describe('jobStatusChanged with several instances on Redis', () => {
  const disposer = new Disposer();
  let c: TwsCluster;
  const onA: Change[] = [];
  const onB: Change[] = [];
  beforeAll(async () => {
    c = await startTwsCluster(disposer, {
      count: 2,
      // Cached plan state lives 10 minutes here: only invalidation can make a change visible.
      env: { TWS_POLL_INTERVAL_MS: '300', TWS_CACHE_STATUS_TTL_MS: '600000' },
      simulator: { clock: { mode: 'manual', now: new Date('2026-03-09T15:00:00Z') } },
    });
    await subscribed(c.instances[0]!, disposer, onA);
    await subscribed(c.instances[1]!, disposer, onB);
  });
  afterAll(() => disposer.disposeAll());

  it('elects exactly one poller', async () => {
    await eventually(async () => (await leaders(c)).reduce((a, b) => a + b, 0) === 1, 'one leader');
    expect((await leaders(c)).sort()).toEqual([0, 1]);
  });

  it('delivers a hold to the subscribers of every instance exactly once', async () => {
    const held = await c.instances[1]!.query<{ holdJob: { status: string } }>(
      `mutation { holdJob(id: "${HELD}") { status } }`,
      'operator',
    );
    expect(held.data?.holdJob.status).toBe('HELD');
    const mine = (list: Change[]) => list.filter((e) => e.job.id === HELD);
    await eventually(() => mine(onA).length >= 1 && mine(onB).length >= 1, 'the change on both instances');
    // A few more polls: nothing is delivered twice.
    await new Promise((r) => setTimeout(r, 1000));
    expect(mine(onA)).toEqual([
      {
        job: { id: HELD, name: 'FC_IMPORT_SALES' },
        previousStatus: 'WAITING',
        status: 'HELD',
        internalStatus: 'HOLD',
      },
    ]);
    expect(mine(onB)).toEqual(mine(onA));
  });

  it('an action through one instance invalidates what every instance cached', async () => {
    const read = (i: TwsInstance) =>
      i.query<{ job: { status: string } }>(`{ job(id: "${HELD}") { status } }`);
    expect((await read(c.instances[0]!)).data?.job.status).toBe('HELD'); // now cached on A
    await c.instances[1]!.query(`mutation { releaseJob(id: "${HELD}") { status } }`, 'operator');
    expect((await read(c.instances[0]!)).data?.job.status).toBe('WAITING');
  });

  it('a change made outside Resync is found by the poller and invalidates every instance’s cache', async () => {
    const read = (i: TwsInstance) =>
      i.query<{ job: { status: string } }>(`{ job(id: "${HELD}") { status } }`);
    expect((await read(c.instances[0]!)).data?.job.status).toBe('WAITING');
    expect((await read(c.instances[1]!)).data?.job.status).toBe('WAITING');
    const direct = await fetch(`${c.sim.url}/api/v2/plan/job/${HELD}/action/hold`, {
      method: 'PUT',
      headers: { authorization: `Basic ${Buffer.from('resync:resync').toString('base64')}` },
    });
    expect(direct.status).toBe(200);
    await eventually(
      async () => (await read(c.instances[0]!)).data?.job.status === 'HELD',
      'A to see the hold',
    );
    await eventually(
      async () => (await read(c.instances[1]!)).data?.job.status === 'HELD',
      'B to see the hold',
    );
    await c.instances[0]!.query(`mutation { releaseJob(id: "${HELD}") { status } }`, 'operator');
  });

  it('fails over: when the leader stops, the other instance takes over and changes keep flowing once', async () => {
    const flags = await leaders(c);
    const leader = c.instances[flags.indexOf(1)]!;
    const follower = c.instances[flags.indexOf(0)]!;
    const received = leader === c.instances[0] ? onB : onA;
    // The previous test ends with a release: let its event arrive first, or it would land in
    // the window below (it was published once, before the failover).
    await eventually(
      async () => received.filter((e) => e.job.id === HELD).at(-1)?.status === 'WAITING',
      'the previous release to be delivered',
    );
    await leader.stop();
    await eventually(
      async () =>
        ((await follower.runtime.registry.getSingleMetric('resync_tws_poller_leader')!.get()).values[0]
          ?.value ?? 0) === 1,
      'the follower leading',
    );
    const before = received.length;
    await follower.query(`mutation { holdJob(id: "${HELD}") { status } }`, 'operator');
    await eventually(
      () => received.slice(before).some((e) => e.job.id === HELD && e.status === 'HELD'),
      'the change after failover',
    );
    await new Promise((r) => setTimeout(r, 1000));
    expect(received.slice(before).filter((e) => e.job.id === HELD)).toHaveLength(1);
  });
});
