import { UpstreamUnavailableError } from '../../../core/errors/index.js';

/**
 * Runs one Redis command for a store and translates a failure (timeout, connection lost) into
 * UPSTREAM_UNAVAILABLE, so resolvers never see an ioredis error.
 */
export async function redisCall<T>(what: string, command: () => Promise<T>): Promise<T> {
  try {
    return await command();
  } catch (error) {
    throw new UpstreamUnavailableError('redis', `Redis is unavailable (${what})`, { cause: error });
  }
}

/** Parses JSON written by this service; a corrupt value reads as missing rather than crashing. */
export function parseJson<T>(text: string | null | undefined): T | undefined {
  if (text === null || text === undefined) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}
