import { randomUUID } from 'node:crypto';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { createCache } from '../../core/cache/index.js';
import { DateTimeScalar, loadSdl } from '../../core/graphql/index.js';
import { createHwaClient, hwaClientOptionsFrom, type HwaClient } from '../../core/hwa/index.js';
import type { ServiceRuntime } from '../../core/runtime.js';
import { startSubgraphServer, type RunningServer } from '../../core/server/index.js';
import type { TwsContext } from './context.js';
import { hwaReadiness } from './health.js';
import type { JobStatusChangeRecord } from './model/records.js';
import { permissions } from './permissions.js';
import { createStatusPoller, JOB_STATUS_CHANNEL } from './poller/poller.js';
import { mutationResolvers } from './resolvers/mutation.js';
import { queryResolvers } from './resolvers/query.js';
import { subscriptionResolvers } from './resolvers/subscription.js';
import { typeResolvers } from './resolvers/types.js';
import { performJobAction } from './services/actions.js';
import { PLAN_STATE_KINDS, twsCacheKinds, type TwsCacheKind } from './services/cache-kinds.js';
import { createLoaders } from './services/loaders.js';
import { createPlanShared, PlanReader } from './services/plan-reader.js';

export interface TwsSubgraphOptions {
  /** @default config.subgraphs.tws.port */
  port?: number;
  /** Use this client instead of building one from the config (tests count its calls). @default from config.tws */
  hwa?: HwaClient;
}

/** Starts the tws subgraph: the live HWA plan, job actions and jobStatusChanged. */
export async function startTwsSubgraph(
  runtime: ServiceRuntime,
  options: TwsSubgraphOptions = {},
): Promise<RunningServer> {
  const { config, logger, lifecycle, registry } = runtime;
  const instanceId = randomUUID();

  const hwa = options.hwa ?? createHwaClient(hwaClientOptionsFrom(config.tws, { registry, logger }));
  if (!options.hwa) lifecycle.defer('tws hwa client', () => hwa.close());

  const cache = createCache<TwsCacheKind>({
    name: 'tws',
    kinds: twsCacheKinds(config.tws.cache),
    redis: runtime.redis,
    keyPrefix: runtime.keyPrefix,
    pubsub: runtime.pubsub,
    registry,
    logger,
    instanceId,
  });
  await cache.start();
  lifecycle.defer('tws cache', () => cache.close());

  // Id batching and what HWA refused: shared by the readers of every request.
  const shared = createPlanShared(hwa, logger);

  const poller = createStatusPoller({
    hwa,
    pubsub: runtime.pubsub,
    redis: runtime.redis,
    keyPrefix: runtime.keyPrefix,
    intervalMs: config.tws.pollIntervalMs,
    pageSize: config.tws.pageSize,
    instanceId,
    logger,
    registry,
    // The plan moved: what any instance cached about it is stale.
    onChanges: () => cache.invalidateKinds(PLAN_STATE_KINDS),
  });

  const schema = buildSubgraphSchema({
    typeDefs: loadSdl(new URL('./schema.graphql', import.meta.url)),
    resolvers: {
      DateTime: DateTimeScalar,
      Query: queryResolvers,
      Mutation: mutationResolvers,
      Subscription: subscriptionResolvers,
      ...typeResolvers,
    } as never,
  });

  const server = await startSubgraphServer<TwsContext>({
    name: 'tws',
    schema,
    permissions,
    host: config.host,
    port: options.port ?? config.subgraphs.tws.port,
    verifier: runtime.verifier,
    audit: runtime.audit,
    logger,
    registry,
    lifecycle,
    production: config.production,
    extendContext: (base, input) => {
      const reader = PlanReader.forRequest(hwa, cache, shared, base.requestId);
      return {
        ...base,
        tws: {
          reader,
          // A subscription's context lives for all its events: its loaders must not cache.
          loaders: createLoaders(reader, { cache: input.kind === 'request' }),
          act: (request) =>
            performJobAction(
              { ...request, actor: base.identity?.sub ?? 'unknown', requestId: base.requestId },
              {
                hwa: hwa.forRequest(base.requestId),
                reader,
                cache,
                logger: base.logger,
                onActed: () => poller.poke(),
              },
            ),
          statusChanges: () =>
            runtime.pubsub.subscribe<JobStatusChangeRecord>(JOB_STATUS_CHANNEL, { bufferSize: 10_000 }),
        },
      };
    },
    readiness: () => [hwaReadiness(hwa, poller)],
  });
  // After the server: stop() runs in reverse, so the poller stops before the server drains.
  await poller.start();
  lifecycle.defer('tws status poller', () => poller.stop());
  return server;
}
