import { z } from 'zod';
import { agentsEnv } from './sections/agents.js';
import { auditEnv } from './sections/audit.js';
import { authEnv } from './sections/auth.js';
import { edgeEnv } from './sections/edge.js';
import { gatewayEnv } from './sections/gateway.js';
import { knowledgeEnv } from './sections/knowledge.js';
import { llmEnv } from './sections/llm.js';
import { neo4jEnv } from './sections/neo4j.js';
import { observabilityEnv } from './sections/observability.js';
import { ragEnv } from './sections/rag.js';
import { redisEnv } from './sections/redis.js';
import { serverEnv } from './sections/server.js';
import { twsEnv } from './sections/tws.js';

/**
 * Every environment variable Resync reads, with its validation and default. Each section
 * lives in its own file; this object is the one list (the compose test checks against it).
 */
export const envShape = {
  ...serverEnv,
  ...authEnv,
  ...gatewayEnv,
  ...edgeEnv,
  ...redisEnv,
  ...neo4jEnv,
  ...knowledgeEnv,
  ...twsEnv,
  ...llmEnv,
  ...ragEnv,
  ...observabilityEnv,
  ...agentsEnv,
  ...auditEnv,
};

export const envSchema = z.object(envShape);
export type ParsedEnv = z.output<typeof envSchema>;

/** The names of all variables, e.g. for `.env.example` and the compose validation test. */
export const KNOWN_ENV_VARS: readonly string[] = Object.freeze(Object.keys(envShape));
