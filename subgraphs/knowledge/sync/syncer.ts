import type { Registry } from 'prom-client';
import { InternalError, ResyncError, UpstreamUnavailableError } from '../../../core/errors/index.js';
import type { Logger } from '../../../core/logger.js';
import { counter, histogram } from '../../../core/metrics.js';
import { localLeadership, type Leadership } from '../../../core/redis/index.js';
import type { GraphSnapshot } from '../model/types.js';
import type { GraphDb } from '../store/graph-db.js';
import { applySyncPlan, countJobs, readStoredGraph, recordSync } from '../store/sync-io.js';
import { isNoop, planSync, type ChangeKind, type SyncCounts } from './diff.js';

export interface KnowledgeSyncReport extends Record<ChangeKind, SyncCounts> {
  startedAt: Date;
  finishedAt: Date;
  durationMs: number;
  changed: boolean;
  skippedDependencies: number;
}

export type SyncTrigger = 'api' | 'start' | 'periodic';

/** The lock lives LOCK_TTL_MS unless renewed; the holder renews it every LOCK_RENEW_MS. */
export const LOCK_TTL_MS = 30_000;
export const LOCK_RENEW_MS = 10_000;

export interface SyncStatus {
  running: boolean;
  last?: KnowledgeSyncReport | undefined;
  lastError?: string | undefined;
}

export interface KnowledgeSyncer {
  /** Runs a sync, or joins the one already running (one sync per process at a time). */
  sync(trigger: SyncTrigger): Promise<KnowledgeSyncReport>;
  /** The start-up sync (per `syncOnStart`) and the periodic one, in the background; never throws. */
  start(): void;
  /** Stops the timer and cancels a running sync at its next batch boundary. Safe to repeat. */
  stop(): Promise<void>;
  status(): SyncStatus;
}

export interface SyncerOptions {
  db: GraphDb;
  /** Reads HWA into a snapshot (sync/source.ts); injected so tests can feed their own. */
  load: (signal: AbortSignal) => Promise<GraphSnapshot>;
  /** Constraints and indexes must exist before the first MERGE. */
  ensureSchema: () => Promise<void>;
  syncOnStart: 'if-empty' | 'always' | 'never';
  /** 0: no periodic sync. */
  intervalMs: number;
  batchSize: number;
  timeoutMs: number;
  /** Deadline of one write batch and of the fingerprint reads. @default 60000 */
  statementTimeoutMs?: number;
  logger: Logger;
  registry: Registry;
  /**
   * Mutual exclusion across replicas (a Redis lock when Redis is configured): one sync at a time
   * per graph namespace, so two replicas never write the same nodes concurrently.
   * @default this process only
   */
  lock?: Leadership;
  /**
   * How long an API-triggered sync waits for another replica's sync to finish
   * (KNOWLEDGE_SYNC_LOCK_WAIT_MS): less than the gateway waits for the call.
   */
  lockWaitMs: number;
  /** How often the holder renews the lock. @default LOCK_RENEW_MS */
  lockRenewMs?: number;
}

export function createKnowledgeSyncer(options: SyncerOptions): KnowledgeSyncer {
  const { db, logger, registry } = options;
  const statementTimeoutMs = options.statementTimeoutMs ?? 60_000;
  const duration = histogram(registry, {
    name: 'resync_knowledge_sync_duration_seconds',
    help: 'Knowledge graph sync duration by trigger and outcome',
    labelNames: ['trigger', 'outcome'],
    buckets: [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600],
  });
  const changes = counter(registry, {
    name: 'resync_knowledge_sync_changes_total',
    help: 'Objects the knowledge sync created, updated or removed',
    labelNames: ['change', 'kind'],
  });
  const stopping = new AbortController();
  let running: Promise<KnowledgeSyncReport> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let last: KnowledgeSyncReport | undefined;
  let lastError: string | undefined;

  const lock = options.lock ?? localLeadership('local');
  const { lockWaitMs, lockRenewMs = LOCK_RENEW_MS } = options;

  /**
   * Takes the cross-replica lock and keeps it renewed while `work` runs. Periodic and start-up
   * syncs give way when another replica holds it (that replica is doing the same job); an
   * admin's sync waits for it, then runs (and then typically finds nothing left to change).
   * If a renewal fails or finds the lock gone (Redis unreachable for longer than the lock's TTL,
   * or another replica took it over), `work`'s signal aborts: it stops at its next batch rather
   * than write on without the lock next to another replica.
   */
  const exclusively = async <T>(
    trigger: SyncTrigger,
    work: (lockLost: AbortSignal) => Promise<T>,
  ): Promise<T | undefined> => {
    const deadline = Date.now() + lockWaitMs;
    while (!(await lock.tryLead())) {
      if (trigger !== 'api') {
        logger.debug({ trigger }, 'knowledge sync skipped: another replica is syncing');
        return undefined;
      }
      if (Date.now() > deadline || stopping.signal.aborted) {
        throw new UpstreamUnavailableError(
          'knowledge',
          'Another replica has been syncing the knowledge graph for too long; try again later',
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const lost = new AbortController();
    const lose = (reason: string) => {
      if (lost.signal.aborted) return;
      logger.warn({ trigger, reason }, 'knowledge sync lost its lock: stopping it');
      lost.abort(new Error(reason));
    };
    const renew = setInterval(() => {
      lock.tryLead().then(
        (held) => held || lose('another replica holds the lock now'),
        (error: unknown) => lose(`the lock could not be renewed: ${(error as Error).message}`),
      );
    }, lockRenewMs);
    renew.unref();
    try {
      return await work(lost.signal);
    } finally {
      clearInterval(renew);
      await lock.release().catch(() => undefined);
    }
  };

  const runOnce = async (trigger: SyncTrigger, lockLost: AbortSignal): Promise<KnowledgeSyncReport> => {
    const startedAt = new Date();
    const end = duration.startTimer({ trigger });
    const signal = AbortSignal.any([stopping.signal, lockLost, AbortSignal.timeout(options.timeoutMs)]);
    try {
      await options.ensureSchema();
      // The snapshot and the stored fingerprints are dropped once diffed: only the writes stay.
      const { plan, skippedDependencies } = await (async () => {
        const snapshot = await options.load(signal);
        signal.throwIfAborted();
        const stored = await readStoredGraph(db, statementTimeoutMs);
        return { plan: planSync(snapshot, stored), skippedDependencies: snapshot.skippedDependencies };
      })();
      await applySyncPlan(db, plan, { batchSize: options.batchSize, timeoutMs: statementTimeoutMs, signal });
      signal.throwIfAborted();
      const finishedAt = new Date();
      const report: KnowledgeSyncReport = {
        startedAt,
        finishedAt,
        durationMs: finishedAt.getTime() - startedAt.getTime(),
        ...plan.counts,
        changed: !isNoop(plan),
        skippedDependencies,
      };
      await recordSync(db, {
        ...report,
        startedAt: startedAt.toISOString(),
        finishedAt: finishedAt.toISOString(),
      });
      for (const change of ['created', 'updated', 'removed'] as const) {
        for (const [kind, n] of Object.entries(plan.counts[change]))
          if (n > 0) changes.inc({ change, kind }, n);
      }
      end({ outcome: 'ok' });
      last = report;
      lastError = undefined;
      logger.info(
        {
          trigger,
          durationMs: report.durationMs,
          created: report.created,
          updated: report.updated,
          removed: report.removed,
        },
        report.changed ? 'knowledge graph synced' : 'knowledge graph already up to date',
      );
      return report;
    } catch (error) {
      end({ outcome: 'error' });
      const translated = translateSyncError(error, {
        signal,
        stopping: stopping.signal,
        lockLost,
        timeoutMs: options.timeoutMs,
      });
      lastError = translated.message;
      logger.warn({ trigger, err: error }, 'knowledge graph sync failed');
      throw translated;
    }
  };

  const sync = (trigger: SyncTrigger) => {
    if (stopping.signal.aborted)
      return Promise.reject(new UpstreamUnavailableError('knowledge', 'The knowledge service is stopping'));
    running ??= exclusively(trigger, (lockLost) => runOnce(trigger, lockLost))
      .then(
        (report) =>
          report ??
          last ??
          Promise.reject(
            new UpstreamUnavailableError('knowledge', 'Another replica is syncing the knowledge graph'),
          ),
      )
      .finally(() => {
        running = undefined;
      });
    return running;
  };

  const background = (trigger: SyncTrigger) => {
    sync(trigger).catch(() => undefined); // logged in runOnce; the next period retries
  };

  return {
    sync,
    start() {
      if (options.syncOnStart !== 'never') {
        void (async () => {
          try {
            await options.ensureSchema();
            if (options.syncOnStart === 'always' || (await countJobs(db)) === 0) background('start');
          } catch (error) {
            lastError = (error as Error).message;
            logger.warn({ err: error }, 'knowledge graph start-up sync skipped: Neo4j unavailable');
          }
        })();
      }
      if (options.intervalMs > 0 && !timer) {
        timer = setInterval(() => background('periodic'), options.intervalMs);
        timer.unref();
      }
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      stopping.abort();
      await running?.catch(() => undefined);
    },
    status: () => ({ running: running !== undefined, last, lastError }),
  };
}

function translateSyncError(
  error: unknown,
  how: { signal: AbortSignal; stopping: AbortSignal; lockLost: AbortSignal; timeoutMs: number },
): ResyncError {
  if (how.stopping.aborted)
    return new UpstreamUnavailableError('knowledge', 'Sync cancelled: the knowledge service is stopping', {
      cause: error,
    });
  if (how.lockLost.aborted)
    return new UpstreamUnavailableError(
      'knowledge',
      `Sync stopped: ${(how.lockLost.reason as Error).message} (the graph stays consistent; the next sync completes it)`,
      { cause: error },
    );
  if (how.signal.aborted)
    return new UpstreamUnavailableError('knowledge', `Sync did not finish within ${how.timeoutMs} ms`, {
      cause: error,
    });
  if (error instanceof ResyncError) return error;
  return new InternalError('Knowledge graph sync failed', { cause: error });
}
