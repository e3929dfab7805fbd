import type { Lifecycle } from '../lifecycle.js';
import type { AuditLog } from './types.js';

/**
 * The audit log of each service runtime, found by its lifecycle. Every subgraph already hands
 * its runtime's lifecycle to startSubgraphServer, so the generic audit plugin reaches the right
 * log without each subgraph having to pass it (an explicit `audit` option still wins).
 */
const logs = new WeakMap<Lifecycle, AuditLog>();

export function bindAuditLog(lifecycle: Lifecycle, log: AuditLog): void {
  logs.set(lifecycle, log);
}

export function auditLogFor(lifecycle: Lifecycle): AuditLog | undefined {
  return logs.get(lifecycle);
}
