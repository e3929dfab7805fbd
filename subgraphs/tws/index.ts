import { buildSubgraphSchema } from '@apollo/subgraph';
import { DateTimeScalar, loadSdl } from '../../core/graphql/index.js';
import { UpstreamUnavailableError } from '../../core/errors/index.js';
import type { ServiceRuntime } from '../../core/runtime.js';
import { startSubgraphServer, type RunningServer } from '../../core/server/index.js';
import { permissions } from './permissions.js';

export interface TwsSubgraphOptions {
  /** @default config.subgraphs.tws.port */
  port?: number;
}

interface WorkstationInPlanV2 {
  id: string;
  name: string;
  type: string;
  os?: string;
  activeStates?: string[];
}

/** Starts the tws subgraph. */
export async function startTwsSubgraph(runtime: ServiceRuntime, options: TwsSubgraphOptions = {}): Promise<RunningServer> {
  const { config, logger, lifecycle } = runtime;
  const credentials = config.tws.credentials;
  const authorization =
    credentials.kind === 'bearer'
      ? `Bearer ${credentials.token}`
      : `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
  const get = async (path: string) => {
    try {
      const response = await fetch(`${config.tws.url}/api/v2/${path}`, {
        headers: { authorization, accept: 'application/json' },
        signal: AbortSignal.timeout(config.tws.timeoutMs),
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return (await response.json()) as { results: WorkstationInPlanV2[] };
    } catch (error) {
      throw new UpstreamUnavailableError('hwa', 'HCL Workload Automation is unavailable', { cause: error });
    }
  };
  const schema = buildSubgraphSchema({
    typeDefs: loadSdl(new URL('./schema.graphql', import.meta.url)),
    resolvers: {
      DateTime: DateTimeScalar,
      Query: {
        workstations: async () => (await get('plan/workstation')).results,
      },
      Workstation: {
        linked: (w: WorkstationInPlanV2) => (w.activeStates ?? []).some((s) => s.endsWith('LINKED')),
        running: (w: WorkstationInPlanV2) => (w.activeStates ?? []).some((s) => s === 'RUNNING' || s === 'JOBMAN_UP'),
        activeStates: (w: WorkstationInPlanV2) => w.activeStates ?? [],
      },
    } as never,
  });
  return startSubgraphServer({
    name: 'tws',
    schema,
    permissions,
    host: config.host,
    port: options.port ?? config.subgraphs.tws.port,
    verifier: runtime.verifier,
    logger,
    registry: runtime.registry,
    lifecycle,
    production: config.production,
    readiness: () => [
      {
        name: 'hwa',
        kind: 'WORKLOAD_AUTOMATION',
        check: async () => {
          await get('plan/workstation?limit=1');
          return { mode: config.tws.simulated ? 'simulator' : 'hwa master' };
        },
      },
    ],
  });
}
