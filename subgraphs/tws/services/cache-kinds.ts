import type { CacheKind } from '../../../core/cache/index.js';

/** What the tws subgraph caches. Plan state lives seconds; model definitions live hours. */
export type TwsCacheKind =
  'job' | 'jobPage' | 'jobStream' | 'jobStreamPage' | 'workstations' | 'summary' | 'jobLog' | 'jobDefinition';

/** Kinds that any action or detected plan change can make stale. */
export const PLAN_STATE_KINDS: readonly TwsCacheKind[] = [
  'job',
  'jobPage',
  'jobStream',
  'jobStreamPage',
  'summary',
];

export function twsCacheKinds(settings: {
  statusTtlMs: number;
  definitionTtlMs: number;
  l1MaxEntries: number;
}): Record<TwsCacheKind, CacheKind> {
  const status = { ttlMs: settings.statusTtlMs, maxEntries: settings.l1MaxEntries };
  return {
    job: status,
    jobPage: { ...status, maxEntries: Math.max(50, Math.floor(settings.l1MaxEntries / 10)) },
    jobStream: status,
    jobStreamPage: { ...status, maxEntries: 200 },
    workstations: { ...status, maxEntries: 4 },
    summary: { ...status, maxEntries: 4 },
    // Each entry is at most MAX_TAIL lines of a LOG_READ_BYTES read (model/log.ts): ≤ 50 MiB in all.
    jobLog: { ...status, maxEntries: 200 },
    jobDefinition: { ttlMs: settings.definitionTtlMs, maxEntries: settings.l1MaxEntries },
  };
}
