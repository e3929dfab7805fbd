import { positiveInt, type EnvOf } from './helpers.js';

/** Operation limits the gateway enforces identically on HTTP and WebSocket. */
export const gatewayEnv = {
  GATEWAY_MAX_DEPTH: positiveInt(12),
  GATEWAY_MAX_ALIASES: positiveInt(30),
  /** Lexical tokens per document; stops pathological documents before validation. */
  GATEWAY_MAX_TOKENS: positiveInt(3000),
  /** Estimated cost (1 per field, lists multiplied by `first`/`limit`). */
  GATEWAY_MAX_COMPLEXITY: positiveInt(5000),
  /**
   * Largest HTTP request body, in bytes. Sized for document uploads (rag's 1 MiB limit, base64
   * encoded, plus JSON); the query itself is capped by GATEWAY_MAX_TOKENS whatever the body size.
   */
  GATEWAY_MAX_BODY_BYTES: positiveInt(1536 * 1024),
  /** Largest WebSocket message, in bytes (subscriptions and chat messages; no uploads). */
  GATEWAY_MAX_WS_MESSAGE_BYTES: positiveInt(64 * 1024),
  /** Deadline of each subgraph fetch. */
  GATEWAY_SUBGRAPH_TIMEOUT_MS: positiveInt(15_000),
};

type GatewayEnv = EnvOf<typeof gatewayEnv>;

export function buildGatewayLimits(env: GatewayEnv) {
  return {
    maxDepth: env.GATEWAY_MAX_DEPTH,
    maxAliases: env.GATEWAY_MAX_ALIASES,
    maxTokens: env.GATEWAY_MAX_TOKENS,
    maxComplexity: env.GATEWAY_MAX_COMPLEXITY,
    maxBodyBytes: env.GATEWAY_MAX_BODY_BYTES,
    maxWsMessageBytes: env.GATEWAY_MAX_WS_MESSAGE_BYTES,
    subgraphTimeoutMs: env.GATEWAY_SUBGRAPH_TIMEOUT_MS,
  };
}
