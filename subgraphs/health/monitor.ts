import type { Logger } from '../../core/logger.js';
import { createQueueIterator } from '../../core/pubsub/index.js';
import { overallStatus, type ComponentHealth, type Health } from './model.js';
import type { ComponentCheck } from './checks.js';

export interface HealthMonitorOptions {
  checks: readonly ComponentCheck[];
  /** How often every component is checked. */
  intervalMs: number;
  logger: Logger;
}

export interface HealthMonitor {
  /** The latest picture; checks now if none is fresher than one interval. */
  current(): Promise<Health>;
  /** Yields the whole picture each time a component changes status (or appears/disappears). */
  changes(): AsyncIterableIterator<Health>;
  start(): void;
  stop(): void;
}

const signature = (components: readonly ComponentHealth[]) =>
  components
    .map((c) => `${c.name}=${c.status}`)
    .sort()
    .join(',');

/**
 * Runs every check on an interval, keeps the last result, and notifies subscribers only when
 * the set of statuses changes, so healthChanged is quiet while nothing happens.
 */
export function createHealthMonitor({ checks, intervalMs, logger }: HealthMonitorOptions): HealthMonitor {
  let latest: Health | undefined;
  let inFlight: Promise<Health> | undefined;
  let timer: NodeJS.Timeout | undefined;
  const listeners = new Set<(health: Health) => void>();

  const runChecks = async (): Promise<Health> => {
    const results = await Promise.all(checks.map((check) => check().catch(() => [] as ComponentHealth[])));
    // First report of a name wins: direct checks come first and override what a subgraph relays.
    const byName = new Map<string, ComponentHealth>();
    for (const component of results.flat())
      if (!byName.has(component.name)) byName.set(component.name, component);
    const components = [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
    const health: Health = { status: overallStatus(components), components, checkedAt: new Date() };
    const changed = latest === undefined || signature(latest.components) !== signature(components);
    const previous = latest;
    latest = health;
    if (changed && previous !== undefined) {
      logger.info(
        { status: health.status, was: signature(previous.components), now: signature(components) },
        'health changed',
      );
      for (const listener of listeners) listener(health);
    }
    return health;
  };

  const refresh = () => {
    inFlight ??= runChecks().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };

  return {
    async current() {
      if (latest && Date.now() - latest.checkedAt.getTime() < intervalMs) return latest;
      return refresh();
    },
    changes() {
      const { iterator, push } = createQueueIterator<Health>(() => listeners.delete(push), {
        bufferSize: 100,
      });
      listeners.add(push);
      return iterator;
    },
    start() {
      if (timer) return;
      void refresh();
      timer = setInterval(() => void refresh(), intervalMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      listeners.clear();
    },
  };
}
