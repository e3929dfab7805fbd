// Typed access to query parameters and headers, rejecting bad values with INVALID_PARAMETER (400).
import type { IncomingHttpHeaders } from 'node:http';
import { SimError } from '../errors.js';

export function intParam(url: URL, name: string, fallback: number, min = 0): number {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min)
    throw new SimError('INVALID_PARAMETER', `The value "${raw}" of parameter ${name} is not valid.`);
  return n;
}

export function optionalIntParam(url: URL, name: string, min = 0): number | undefined {
  return url.searchParams.has(name) && url.searchParams.get(name) !== ''
    ? intParam(url, name, 0, min)
    : undefined;
}

export function boolParam(url: URL, name: string, fallback: boolean): boolean {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === '') return fallback;
  if (raw === 'true' || raw === 'false') return raw === 'true';
  throw new SimError('INVALID_PARAMETER', `The value "${raw}" of parameter ${name} is not valid.`);
}

export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/** `Include-Count`: the spec's schema default is "true". */
export function includeCount(headers: IncomingHttpHeaders): boolean {
  return header(headers, 'include-count')?.toLowerCase() !== 'false';
}

/** Only plan `current` (or its id) exists in the simulator. */
export function checkPlanId(url: URL, planId: string): void {
  const requested = url.searchParams.get('plan_id');
  if (requested && requested !== 'current' && requested !== planId) {
    throw new SimError(
      'NOT_FOUND',
      `The plan "${requested}" was not found; the simulator only serves the current plan.`,
    );
  }
}
