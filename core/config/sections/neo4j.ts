import { z } from 'zod';
import { bool, optionalString, positiveInt } from './helpers.js';

export const neo4jEnv = {
  /** bolt:// or neo4j:// URI. Unset: embedded Neo4j when Java is present (NEO4J_EMBEDDED). */
  NEO4J_URI: optionalString(),
  NEO4J_USER: z.string().default('neo4j'),
  NEO4J_PASSWORD: optionalString(),
  NEO4J_DATABASE: optionalString(),
  /** Start a local embedded Neo4j when NEO4J_URI is unset (needs Java 17). */
  NEO4J_EMBEDDED: bool(true),
  NEO4J_TIMEOUT_MS: positiveInt(10_000),
};

type Neo4jEnv = { [K in keyof typeof neo4jEnv]: z.output<(typeof neo4jEnv)[K]> };

export function buildNeo4jConfig(env: Neo4jEnv, problems: string[]) {
  if (env.NEO4J_URI !== undefined && !/^(bolt|neo4j)(\+s|\+ssc)?:\/\/.+/.test(env.NEO4J_URI)) {
    problems.push('NEO4J_URI: expected bolt:// or neo4j:// (optionally +s / +ssc)');
  }
  return {
    uri: env.NEO4J_URI,
    user: env.NEO4J_USER,
    password: env.NEO4J_PASSWORD,
    database: env.NEO4J_DATABASE,
    embedded: env.NEO4J_EMBEDDED,
    timeoutMs: env.NEO4J_TIMEOUT_MS,
  };
}
