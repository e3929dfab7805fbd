// Non-standard admin endpoints under /_sim (same credentials as the API): faults, action log, request
// counters, clock, reset and plan info. Never faulted, never counted.
import type { SimCore } from '../core.js';
import { DATASET_IDS } from '../dataset/default-ids.js';
import { SimError } from '../errors.js';
import { parseFaults, type FaultInjector } from '../http/faults.js';
import { ok, type Route } from '../http/types.js';
import { iso } from '../time.js';

export interface AdminHooks {
  faults: FaultInjector;
  reset: () => void;
}

function advanceMs(body: unknown, url: URL): number {
  const fromBody =
    typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['ms'] : undefined;
  const raw = fromBody ?? url.searchParams.get('ms');
  const ms = typeof raw === 'string' ? Number(raw) : raw;
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0)
    throw new SimError('INVALID_BODY', 'Give {"ms": <non-negative number>} or ?ms=.');
  return ms;
}

function clockInfo(core: SimCore): Record<string, unknown> {
  const o = core.clock.options;
  return {
    now: iso(core.now()),
    mode: o.mode,
    ...(o.mode === 'real' ? { speed: o.speed ?? 1, tickMs: o.tickMs ?? 1000 } : {}),
  };
}

export function adminRoutes(hooks: AdminHooks): Route[] {
  return [
    { method: 'GET', path: 'faults', handler: () => ok(hooks.faults.list()) },
    {
      method: 'POST',
      path: 'faults',
      handler: (req) => {
        const specs = parseFaults(req.body);
        if (req.url.searchParams.get('append') === 'true') hooks.faults.add(specs);
        else hooks.faults.set(specs);
        return ok(hooks.faults.list());
      },
    },
    { method: 'DELETE', path: 'faults', handler: () => (hooks.faults.set([]), ok([])) },
    { method: 'GET', path: 'actions', handler: (_req, core) => ok(core.actionLog) },
    { method: 'DELETE', path: 'actions', handler: (_req, core) => ((core.actionLog.length = 0), ok([])) },
    { method: 'GET', path: 'stats', handler: (_req, core) => ok(core.stats()) },
    { method: 'DELETE', path: 'stats', handler: (_req, core) => (core.requestCounts.clear(), ok({})) },
    { method: 'GET', path: 'clock', handler: (_req, core) => ok(clockInfo(core)) },
    {
      method: 'POST',
      path: 'clock/advance',
      handler: (req, core) => {
        core.clock.advance(advanceMs(req.body, req.url));
        return ok(clockInfo(core));
      },
    },
    { method: 'POST', path: 'reset', handler: (_req, core) => (hooks.reset(), ok(clockInfo(core))) },
    {
      method: 'GET',
      path: 'plan',
      handler: (_req, core) =>
        ok({
          planId: core.state.planId,
          planStart: iso(core.state.planStart),
          planEnd: iso(core.state.planEnd),
          now: iso(core.now()),
          workstations: core.state.workstations.size,
          jobStreams: core.state.streams.size,
          jobs: core.state.jobs.size,
        }),
    },
    { method: 'GET', path: 'ids', handler: () => ok(DATASET_IDS) },
  ];
}
