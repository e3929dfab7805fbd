import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signToken, type Role } from '../../core/auth/index.js';
import { configFrom, type Config } from '../../core/config/index.js';
import { silentLogger, type Logger } from '../../core/logger.js';
import { startStack, type RunningStack, type StackOptions } from '../../stack/index.js';
import { postGraphQL, wsClient } from './client.js';
import { waitForRagCorpus } from './rag-corpus.js';
import { testNeo4jUri, testRedisUrl, uniquePrefix } from './services.js';

export const TEST_JWT_SECRET = 'e2e-test-secret-that-is-long-enough-0123456789';

export interface TestStack {
  stack: RunningStack;
  config: Config;
  url: string;
  wsUrl: string;
  token(role: Role, sub?: string): Promise<string>;
  query<T = Record<string, unknown>>(
    query: string,
    options?: { role?: Role; token?: string; variables?: Record<string, unknown> },
  ): ReturnType<typeof postGraphQL<T>>;
  ws(role: Role | null, sub?: string): Promise<ReturnType<typeof wsClient>>;
  stop(): Promise<void>;
}

export interface TestStackOptions {
  /** Extra environment values (strings, as in the real environment). */
  env?: Record<string, string>;
  /** Use the run's shared Redis (namespaced); false = in-process fallbacks. @default true */
  redis?: boolean;
  /** Use the run's shared Neo4j. @default true */
  neo4j?: boolean;
  simulator?: StackOptions['simulator'];
  logger?: Logger;
}

/**
 * The whole system on free ports, against the run's shared Redis and Neo4j (isolated by key
 * prefix), with the bundled simulator as HWA. `stop()` releases everything it started.
 */
export async function startTestStack(options: TestStackOptions = {}): Promise<TestStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'resync-e2e-'));
  const config = configFrom({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    JWT_SECRET: TEST_JWT_SECRET,
    GATEWAY_PORT: '0',
    TWS_PORT: '0',
    KNOWLEDGE_PORT: '0',
    RAG_PORT: '0',
    AGENTS_PORT: '0',
    HEALTH_PORT: '0',
    SIMULATOR_PORT: '0',
    HEALTH_CHECK_INTERVAL_MS: '250',
    DATA_DIR: dataDir,
    NEO4J_EMBEDDED: 'false',
    ...(options.redis === false
      ? {}
      : { REDIS_URL: testRedisUrl(), REDIS_KEY_PREFIX: `${uniquePrefix('e2e')}:` }),
    ...(options.neo4j === false ? {} : { NEO4J_URI: testNeo4jUri() }),
    ...options.env,
  });
  const stack = await startStack({
    config,
    logger: options.logger ?? silentLogger(),
    ...(options.simulator ? { simulator: options.simulator } : {}),
  });
  await waitForRagCorpus(stack);
  const token = (role: Role, sub = `${role}-user`) =>
    signToken({ secret: TEST_JWT_SECRET, sub, roles: [role] });
  return {
    stack,
    config: stack.config,
    url: stack.gateway.url,
    wsUrl: stack.gateway.wsUrl,
    token,
    async query(query, { role, token: explicit, variables } = {}) {
      const bearer = explicit ?? (role ? await token(role) : undefined);
      return postGraphQL(stack.gateway.url, query, { token: bearer, ...(variables ? { variables } : {}) });
    },
    async ws(role, sub) {
      return wsClient(stack.gateway.wsUrl, role ? await token(role, sub) : undefined);
    },
    async stop() {
      await stack.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
