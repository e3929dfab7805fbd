// What every view needs: the plan, the current simulated time and the base URL for `url` fields.
import type { PlanState } from '../plan/state.js';

export interface ViewContext {
  state: PlanState;
  now: number;
  /** e.g. `http://127.0.0.1:31116` (from the request's Host header). */
  origin: string;
}

export const API_PREFIX = '/twsd/api/v2';

export function apiUrl(ctx: ViewContext, path: string): string {
  return `${ctx.origin}${API_PREFIX}/${path}`;
}

/** Drops undefined members so optional fields are absent rather than null. */
export function compact<T extends Record<string, unknown>>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}
