// startSimulator(): wires the core (dataset, engine, clock), the fault injector, the two routers and the
// HTTP server, and returns the RunningSimulator handle.
import { SimCore } from './core.js';
import { FaultInjector } from './http/faults.js';
import { Router } from './http/router.js';
import { startHttpServer } from './http/server.js';
import { actionRoutes } from './routes/actions.js';
import { adminRoutes } from './routes/admin.js';
import { engineRoutes } from './routes/engine.js';
import { graphRoutes } from './routes/graph.js';
import { jobLogRoutes } from './routes/joblog.js';
import { jobRoutes } from './routes/jobs.js';
import { jobStreamRoutes } from './routes/jobstreams.js';
import { modelRoutes } from './routes/model.js';
import { submitRoutes } from './routes/submit.js';
import { workstationRoutes } from './routes/workstations.js';
import type { Route } from './http/types.js';
import type { RunningSimulator, SimulatorOptions } from './types.js';

export const DEFAULT_PORT = 31116;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_USERS = [{ username: 'resync', password: 'resync' }] as const;

/** Every V2 route the simulator serves (also used by tests to check them against the spec). */
export const API_ROUTES: readonly Route[] = [
  ...engineRoutes,
  ...jobRoutes,
  ...jobLogRoutes,
  ...graphRoutes,
  ...jobStreamRoutes,
  ...workstationRoutes,
  ...actionRoutes,
  ...submitRoutes,
  ...modelRoutes,
];

export async function startSimulator(opts: SimulatorOptions = {}): Promise<RunningSimulator> {
  const {
    port = DEFAULT_PORT,
    host = DEFAULT_HOST,
    users = [...DEFAULT_USERS],
    bearerTokens = [],
    faults: initialFaults = [],
    log = () => {},
  } = opts;
  const core = new SimCore(opts);
  const faults = new FaultInjector(initialFaults);
  const reset = (): void => {
    core.reset();
    faults.set([]);
    log('simulator reset');
  };
  const server = await startHttpServer(
    {
      core,
      credentials: { users, bearerTokens },
      faults,
      api: new Router(API_ROUTES),
      admin: new Router(adminRoutes({ faults, reset })),
    },
    port,
    host,
  );
  core.clock.start();
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${server.port}/twsd`;
  log(
    `HWA simulator listening on ${url} (${core.state.jobs.size} jobs, ${core.state.streams.size} job streams)`,
  );
  let stopped: Promise<void> | undefined;
  return {
    url,
    port: server.port,
    stop: () => {
      stopped ??= (async () => {
        core.clock.stop();
        await server.close();
        log('simulator stopped');
      })();
      return stopped;
    },
    advance: (ms) => core.clock.advance(ms),
    now: () => new Date(core.now()),
    setFaults: (f) => faults.set(f),
    actions: () => core.actionLog.map((a) => ({ ...a })),
    stats: () => core.stats(),
    reset,
  };
}
