import { randomUUID } from 'node:crypto';
import type { TokenVerifier } from '../auth/index.js';
import type { AuthContext } from '../authz/index.js';
import type { Logger } from '../logger.js';

/** What every resolver of every service can rely on, whatever the transport. */
export interface BaseContext extends AuthContext {
  requestId: string;
  logger: Logger;
}

/** Transport-neutral inputs: HTTP maps headers, graphql-ws maps `connectionParams`. */
export interface ContextInput {
  authorization: string | undefined;
  requestId: string | undefined;
  /**
   * `request`: one HTTP request, which ends within seconds. `subscription`: one context serves
   * every event of a subscription that may last hours, so per-request caches (DataLoader) would
   * hand out stale values and grow without bound: build them uncached.
   */
  kind: 'request' | 'subscription';
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Accepts a caller's request id when it is well-formed, otherwise makes a new one. */
export function normaliseRequestId(candidate: string | undefined): string {
  return candidate !== undefined && REQUEST_ID.test(candidate) ? candidate : randomUUID();
}

/**
 * The one context builder used by both HTTP and WebSocket (ENGINEERING habit 1). A bad token
 * does not throw here: the identity stays null and the shield rules answer UNAUTHENTICATED
 * with the reason, so every operation fails the same way on every transport.
 */
export function createBaseContextFactory(verify: TokenVerifier, logger: Logger) {
  return async (input: ContextInput): Promise<BaseContext> => {
    const requestId = normaliseRequestId(input.requestId);
    const child = logger.child({ requestId });
    try {
      const identity = await verify(input.authorization);
      return { identity, requestId, logger: child.child({ sub: identity.sub }) };
    } catch (error) {
      return { identity: null, authError: error as Error, requestId, logger: child };
    }
  };
}

/** Reads one header value from Node's header bag (arrays keep the first). */
export function headerValue(
  headers: Record<string, string | string[] | undefined>,
  name: string,
): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** Reads a string out of graphql-ws `connectionParams`, whatever its case. */
export function connectionParam(
  params: Readonly<Record<string, unknown>> | undefined,
  name: string,
): string | undefined {
  if (!params) return undefined;
  const key = Object.keys(params).find((k) => k.toLowerCase() === name.toLowerCase());
  const value = key === undefined ? undefined : params[key];
  return typeof value === 'string' ? value : undefined;
}
