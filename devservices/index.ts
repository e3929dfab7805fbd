// Real local services (Redis, Redis Cluster, Neo4j + APOC) as child processes, for `npm start`
// without configuration and for the integration/e2e test harness. Dev tooling: product code
// (core/, gateway/, subgraphs/) never imports this, and this never imports them.
export {
  redisServerAvailable,
  startRedis,
  startRedisCluster,
  type LocalRedis,
  type LocalRedisCluster,
  type StartRedisOptions,
  type StartRedisClusterOptions,
} from './redis.js';
export {
  ensureNeo4jArtifacts,
  javaAvailable,
  neo4jArtifactsPresent,
  startNeo4j,
  type LocalNeo4j,
  type StartNeo4jOptions,
} from './neo4j.js';
export type { LogFn } from './process.js';
