import { BlockList, isIP } from 'node:net';
import { bool, csv, positiveInt, type EnvOf } from './helpers.js';

/**
 * Edge protection at the gateway (rate limits), for HTTP and WebSocket alike. Budgets are
 * shared by every gateway instance through Redis when REDIS_URL is set, and kept per instance
 * in memory otherwise. Operation limits (depth, aliases, cost, tokens, body size) live in
 * gateway.ts; these are about how often, not how big.
 */
export const edgeEnv = {
  /** Rate limits on or off (off only for measuring the raw pipeline). */
  RATE_LIMIT_ENABLED: bool(true),
  /** Length of the request and connection windows, in seconds. */
  RATE_LIMIT_WINDOW_SECONDS: positiveInt(60),
  /** GraphQL operations per user per window: HTTP requests and WebSocket subscriptions. */
  RATE_LIMIT_USER_REQUESTS: positiveInt(600),
  /** GraphQL operations per client address per window (counted before the token is checked). */
  RATE_LIMIT_IP_REQUESTS: positiveInt(1200),
  /** WebSocket connections a user may open per window. */
  RATE_LIMIT_USER_WS_CONNECTIONS: positiveInt(30),
  /** WebSocket connections a client address may open per window. */
  RATE_LIMIT_IP_WS_CONNECTIONS: positiveInt(60),
  /** Concurrent operations (subscriptions and queries in flight) on one WebSocket. */
  RATE_LIMIT_WS_SUBSCRIPTIONS_PER_CONNECTION: positiveInt(20),
  /** Messages per second one WebSocket may send; a flood closes it with 4429. */
  RATE_LIMIT_WS_MESSAGES_PER_SECOND: positiveInt(50),
  /**
   * Addresses or CIDR ranges exempt from the per-address budgets (per-user budgets still
   * apply), e.g. the agents service calling back through the gateway for many users.
   */
  RATE_LIMIT_EXEMPT_IPS: csv(''),
  /**
   * Proxies trusted to set X-Forwarded-For (Express `trust proxy`): `loopback`, `uniquelocal`,
   * addresses or CIDRs, comma-separated. Behind a load balancer, list it, or per-address limits
   * see only it.
   */
  GATEWAY_TRUST_PROXY: csv('loopback'),
};

type EdgeEnv = EnvOf<typeof edgeEnv>;

const NAMED_PROXY_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** Parses `10.0.0.0/8` or `192.0.2.7` (v4 or v6); undefined when it is neither. */
export function parseAddressRange(
  text: string,
): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } | undefined {
  const [address = '', prefixText] = text.split('/');
  const version = isIP(address);
  if (version === 0) return undefined;
  const max = version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) return undefined;
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

/** A BlockList of the given ranges (already validated). */
export function addressList(ranges: readonly string[]): BlockList {
  const list = new BlockList();
  for (const range of ranges) {
    const parsed = parseAddressRange(range);
    if (parsed) list.addSubnet(parsed.address, parsed.prefix, parsed.family);
  }
  return list;
}

export function buildEdgeConfig(env: EdgeEnv, problems: string[]) {
  for (const ip of env.RATE_LIMIT_EXEMPT_IPS) {
    if (!parseAddressRange(ip))
      problems.push(`RATE_LIMIT_EXEMPT_IPS: "${ip}" is not an IP address or CIDR range`);
  }
  for (const proxy of env.GATEWAY_TRUST_PROXY) {
    if (!NAMED_PROXY_RANGES.has(proxy) && !parseAddressRange(proxy)) {
      problems.push(
        `GATEWAY_TRUST_PROXY: "${proxy}" is not loopback, linklocal, uniquelocal, an IP address or a CIDR range`,
      );
    }
  }
  return {
    enabled: env.RATE_LIMIT_ENABLED,
    windowSeconds: env.RATE_LIMIT_WINDOW_SECONDS,
    userRequests: env.RATE_LIMIT_USER_REQUESTS,
    ipRequests: env.RATE_LIMIT_IP_REQUESTS,
    userWsConnections: env.RATE_LIMIT_USER_WS_CONNECTIONS,
    ipWsConnections: env.RATE_LIMIT_IP_WS_CONNECTIONS,
    wsOperationsPerConnection: env.RATE_LIMIT_WS_SUBSCRIPTIONS_PER_CONNECTION,
    wsMessagesPerSecond: env.RATE_LIMIT_WS_MESSAGES_PER_SECOND,
    exemptIps: env.RATE_LIMIT_EXEMPT_IPS,
    trustProxy: env.GATEWAY_TRUST_PROXY,
  };
}

export type EdgeConfig = ReturnType<typeof buildEdgeConfig>;
