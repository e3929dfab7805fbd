// Scripted faults (ENGINEERING.md habit 19): latency with jitter, 500/503, 429 with Retry-After, hangs,
// malformed JSON bodies and connection resets, each scoped to a path prefix and method, with a rate
// and an optional budget of N requests. Admin paths are never faulted so tests can always clear them.
import { SimError } from '../errors.js';
import type { FaultSpec } from '../types.js';

const API_ROOT = '/twsd/api/v2/';
const KINDS = ['latency', 'error', 'rateLimit', 'hang', 'malformed', 'reset'] as const;

interface ActiveFault {
  spec: FaultSpec;
  prefix: string;
  remaining: number;
}

export interface FaultDecision {
  delayMs: number;
  /** The fault that decides the response (error, rateLimit, hang, malformed or reset). */
  terminal?: FaultSpec;
}

function normalisePrefix(prefix: string | undefined): string {
  if (!prefix) return API_ROOT;
  if (prefix.startsWith('/')) return prefix;
  return API_ROOT + prefix;
}

function fail(message: string): never {
  throw new SimError('INVALID_BODY', `Invalid fault specification: ${message}`);
}

function nonNegative(value: unknown, name: string, optional: boolean): void {
  if (value === undefined && optional) return;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
    fail(`${name} must be a non-negative number`);
}

/** Validates untrusted input (admin endpoint) into fault specs. */
export function parseFaults(input: unknown): FaultSpec[] {
  const list = Array.isArray(input) ? input : [input];
  return list.map((raw, i) => {
    if (typeof raw !== 'object' || raw === null) fail(`item ${i} is not an object`);
    const f = raw as Record<string, unknown>;
    if (!KINDS.includes(f['kind'] as (typeof KINDS)[number]))
      fail(`item ${i}: kind must be one of ${KINDS.join(', ')}`);
    if (f['pathPrefix'] !== undefined && typeof f['pathPrefix'] !== 'string')
      fail(`item ${i}: pathPrefix must be a string`);
    if (f['method'] !== undefined && typeof f['method'] !== 'string')
      fail(`item ${i}: method must be a string`);
    nonNegative(f['rate'], 'rate', true);
    if (typeof f['rate'] === 'number' && f['rate'] > 1) fail('rate must be between 0 and 1');
    nonNegative(f['times'], 'times', true);
    if (f['kind'] === 'latency') {
      nonNegative(f['ms'], 'ms', false);
      nonNegative(f['jitterMs'], 'jitterMs', true);
    }
    if (f['kind'] === 'error' && f['status'] !== undefined && f['status'] !== 500 && f['status'] !== 503)
      fail('status must be 500 or 503');
    if (f['kind'] === 'rateLimit') nonNegative(f['retryAfterSeconds'], 'retryAfterSeconds', true);
    return f as unknown as FaultSpec;
  });
}

/** Segment-aware: `plan/job` covers `plan/job` and `plan/job/...`, not `plan/jobstream`. */
function underPrefix(path: string, prefix: string): boolean {
  if (prefix.endsWith('/')) return path.startsWith(prefix) || path === prefix.slice(0, -1);
  return path === prefix || path.startsWith(`${prefix}/`);
}

export class FaultInjector {
  private active: ActiveFault[] = [];

  constructor(
    initial: readonly FaultSpec[] = [],
    private readonly random: () => number = Math.random,
  ) {
    this.set(initial);
  }

  set(specs: readonly FaultSpec[]): void {
    this.active = specs.map((spec) => ({
      spec,
      prefix: normalisePrefix(spec.pathPrefix),
      remaining: spec.times ?? Number.POSITIVE_INFINITY,
    }));
  }

  add(specs: readonly FaultSpec[]): void {
    this.set([...this.list(), ...specs]);
  }

  list(): FaultSpec[] {
    return this.active.map((a) => a.spec);
  }

  /** Decides what happens to one request; consumes budgets of the faults that fire. */
  decide(method: string, path: string): FaultDecision {
    const decision: FaultDecision = { delayMs: 0 };
    for (const fault of this.active) {
      const { spec } = fault;
      if (fault.remaining <= 0 || !underPrefix(path, fault.prefix)) continue;
      if (spec.method && spec.method.toUpperCase() !== method) continue;
      if (spec.kind !== 'latency' && decision.terminal) continue;
      if (this.random() >= (spec.rate ?? 1)) continue;
      fault.remaining--;
      if (spec.kind === 'latency')
        decision.delayMs += spec.ms + (spec.jitterMs ? Math.floor(this.random() * spec.jitterMs) : 0);
      else decision.terminal = spec;
    }
    this.active = this.active.filter((a) => a.remaining > 0);
    return decision;
  }
}
