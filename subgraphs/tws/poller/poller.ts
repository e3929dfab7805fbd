import type { Registry } from 'prom-client';
import type { HwaClient } from '../../../core/hwa/index.js';
import type { Logger } from '../../../core/logger.js';
import { counter, gauge, histogram } from '../../../core/metrics.js';
import type { PubSub } from '../../../core/pubsub/index.js';
import type { RedisClient } from '../../../core/redis/index.js';
import { toJobRecord } from '../model/mappers.js';
import type { JobRecord, JobStatusChangeRecord } from '../model/records.js';
import { diffPlan } from './diff.js';
import { localLeadership, redisLeadership, type Leadership } from '../../../core/redis/index.js';
import { memorySnapshotStore, redisSnapshotStore, type Snapshot, type SnapshotStore } from './snapshot.js';

/** Where every status change is published, once, by the leader; every instance's subscribers read it. */
export const JOB_STATUS_CHANNEL = 'tws:jobStatusChanged';
const POKE_CHANNEL = 'tws:poller:poke';

export interface StatusPollerOptions {
  hwa: HwaClient;
  pubsub: PubSub;
  /** With Redis, one leader per deployment (lock); without, this instance leads. */
  redis?: RedisClient | undefined;
  keyPrefix: string;
  intervalMs: number;
  pageSize: number;
  instanceId: string;
  logger: Logger;
  registry: Registry;
  /**
   * Called after a poll that found changes, and after the first poll following a poke (an action
   * may have been undone outside Resync before we looked, leaving caches ahead of the snapshot).
   * The subgraph invalidates its cache here.
   */
  onChanges?: (changes: readonly JobStatusChangeRecord[]) => Promise<void>;
  /**
   * How long the leader lock outlives a silent leader (how long failover can take). It is renewed
   * every third of it, also during a long poll. @default max(3 × intervalMs, 3000)
   */
  lockTtlMs?: number;
}

export interface PollerState {
  leader: boolean;
  lastPollAt: string | null;
  lastError: string | null;
  jobs: number;
}

export interface StatusPoller {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Polls soon instead of at the next interval (after an action); asks the leader if we are not it. */
  poke(): void;
  state(): PollerState;
}

/**
 * jobStatusChanged's source: one poller per deployment diffs the plan every interval and
 * publishes each change once on pub/sub. HWA has no change feed, so polling is the only way;
 * the payload is trimmed (no definitions, no dependencies) to keep a poll of a big plan cheap.
 */
export function createStatusPoller(o: StatusPollerOptions): StatusPoller {
  const lockTtlMs = o.lockTtlMs ?? Math.max(o.intervalMs * 3, 3000);
  const leadership: Leadership = o.redis
    ? redisLeadership(o.redis, `${o.keyPrefix}tws:poller:leader`, o.instanceId, lockTtlMs)
    : localLeadership(o.instanceId);
  const store: SnapshotStore = o.redis
    ? redisSnapshotStore(o.redis, `${o.keyPrefix}tws:poller:snapshot`)
    : memorySnapshotStore();
  const metrics = pollerMetrics(o.registry);
  let snapshot: Snapshot | undefined;
  let wasLeader = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = true;
  let unlisten: (() => Promise<void>) | undefined;
  let pokedDuringPoll = false;
  let poked = false;
  let renewTimer: NodeJS.Timeout | undefined;
  const state: PollerState = { leader: false, lastPollAt: null, lastError: null, jobs: 0 };

  const readPlan = async (): Promise<JobRecord[]> => {
    const jobs: JobRecord[] = [];
    for await (const page of o.hwa.plan.walkJobs({
      pageSize: o.pageSize,
      scope: 'WHOLE_NO_JOB_DEFINITIONS_AND_NO_DEPENDENCIES',
    })) {
      for (const job of page) {
        const record = toJobRecord(job);
        if (record) jobs.push(record);
      }
    }
    return jobs;
  };

  const poll = async () => {
    const started = performance.now();
    // Taken before reading the plan: a poke during this poll forces the next one.
    const forced = poked;
    poked = false;
    try {
      const leading = await leadership.tryLead();
      state.leader = leading;
      metrics.leader.set(leading ? 1 : 0);
      if (!leading) {
        wasLeader = false;
        snapshot = undefined;
        return;
      }
      if (!wasLeader) {
        // Taking over: continue from the previous leader's snapshot so no change falls between us.
        snapshot = await store.load();
        wasLeader = true;
        o.logger.info(
          { instance: o.instanceId, resumed: snapshot !== undefined },
          'job status poller: leading',
        );
      }
      const jobs = await readPlan();
      // Lost the lock while reading (a very slow poll): the new leader reports these changes.
      if (!state.leader) return;
      const at = new Date().toISOString();
      const diff = diffPlan(snapshot, jobs, at);
      if (diff.changes.length > 0 || forced) {
        metrics.changes.inc(diff.changes.length);
        await o.onChanges?.(diff.changes);
        // Published before the snapshot moves on: if a publish fails, the next poll finds the
        // same changes again instead of losing them. Sent together (ioredis pipelines them in
        // order), not one round trip each: a plan turnover changes every job at once.
        await Promise.all(diff.changes.map((change) => o.pubsub.publish(JOB_STATUS_CHANNEL, change)));
      }
      await store.save(diff.changed, diff.removed);
      snapshot = diff.next;
      state.jobs = jobs.length;
      state.lastPollAt = at;
      if (state.lastError !== null) o.logger.info('job status polls work again');
      state.lastError = null;
      metrics.polls.observe({ outcome: 'ok' }, (performance.now() - started) / 1000);
    } catch (error) {
      const first = state.lastError === null;
      state.lastError = (error as Error).message;
      metrics.polls.observe({ outcome: 'error' }, (performance.now() - started) / 1000);
      // Once per outage, not every interval: health already says HWA is down.
      if (first) o.logger.warn({ err: state.lastError }, 'job status poll failed; retrying every interval');
      else o.logger.debug({ err: state.lastError }, 'job status poll failed again');
    }
  };

  let dueAt = 0;
  const schedule = (delayMs: number) => {
    if (stopped) return;
    clearTimeout(timer);
    dueAt = Date.now() + delayMs;
    timer = setTimeout(() => {
      // Never two polls at once: a poke during a poll runs right after it.
      running ??= poll().finally(() => {
        running = undefined;
        schedule(pokedDuringPoll ? 200 : o.intervalMs);
        pokedDuringPoll = false;
      });
    }, delayMs);
  };

  // HWA applies an action asynchronously in a real engine: look a moment later, not at once.
  const pokeLocally = () => {
    if (!state.leader) return;
    poked = true;
    if (running) pokedDuringPoll = true;
    // Only ever brings the next poll forward: a stream of pokes must not keep postponing it.
    else if (dueAt > Date.now() + 200) schedule(200);
  };

  return {
    async start() {
      if (!stopped) return;
      stopped = false;
      unlisten = await o.pubsub.listen<{ origin?: string }>(POKE_CHANNEL, () => pokeLocally());
      schedule(0);
      renewTimer = setInterval(() => {
        if (!state.leader) return;
        leadership.tryLead().then(
          (still) => {
            if (!still) {
              state.leader = false;
              wasLeader = false;
              metrics.leader.set(0);
            }
          },
          (error: unknown) =>
            o.logger.warn({ err: (error as Error).message }, 'could not renew the poller lock'),
        );
      }, lockTtlMs / 3);
      renewTimer.unref();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      clearInterval(renewTimer);
      await running;
      await unlisten?.();
      await leadership.release().catch(() => undefined);
      state.leader = false;
      metrics.leader.set(0);
    },
    poke() {
      if (state.leader) pokeLocally();
      else void o.pubsub.publish(POKE_CHANNEL, { origin: o.instanceId }).catch(() => undefined);
    },
    state: () => ({ ...state }),
  };
}

function pollerMetrics(registry: Registry) {
  return {
    polls: histogram(registry, {
      name: 'resync_tws_poll_duration_seconds',
      help: 'Duration of one plan poll for jobStatusChanged, by outcome',
      labelNames: ['outcome'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    }),
    changes: counter(registry, {
      name: 'resync_tws_status_changes_total',
      help: 'Job status changes detected and published',
    }),
    leader: gauge(registry, {
      name: 'resync_tws_poller_leader',
      help: '1 while this instance runs the job status poller',
    }),
  };
}
