import { BadUserInputError } from '../../core/errors/index.js';

/** The limits the served fields enforce (KNOWLEDGE_MAX_DEPTH, KNOWLEDGE_MAX_RESULTS). */
export interface Limits {
  maxDepth: number;
  maxResults: number;
}

function intBetween(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new BadUserInputError(`${name} must be an integer from ${min} to ${max}`, {
      argument: name,
      min,
      max,
    });
  }
  return value;
}

/** `depth` of a walk: 1 = direct neighbours; absent → `fallback`. */
export function depthArg(value: unknown, limits: Limits, fallback: number): number {
  return intBetween('depth', value ?? fallback, 1, limits.maxDepth);
}

/** `first`: how many jobs a field lists (counts are never cut). */
export function firstArg(value: unknown, limits: Limits, fallback: number): number {
  return intBetween('first', value ?? fallback, 0, limits.maxResults);
}

/** An HWA object id: a non-empty string of sane length (ids are UUIDs in HWA 10). */
export function idArg(name: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > 256) {
    throw new BadUserInputError(`${name} must be a non-empty id`, { argument: name });
  }
  return value;
}
