import { describeAuditLog, type AuditLog } from '../../core/audit/index.js';
import { withTimeout } from '../../core/server/index.js';
import type { ComponentCheck } from './checks.js';

/**
 * The audit trail as a component: where it lives (Redis stream or this process) and which key
 * protects it. A development key or an in-process trail is UP but says so in `mode`/`detail`.
 */
export function auditCheck(audit: AuditLog, timeoutMs: number): ComponentCheck {
  return async () => {
    const checkedAt = new Date();
    const { mode, detail } = describeAuditLog(audit);
    const started = performance.now();
    try {
      const entries = await withTimeout(audit.length(), timeoutMs, 'audit length');
      const latencyMs = Math.round((performance.now() - started) * 10) / 10;
      return [
        {
          name: 'audit',
          kind: 'OTHER',
          status: 'UP',
          mode,
          latencyMs,
          detail: `${detail}; ${entries} entries`,
          checkedAt,
        },
      ];
    } catch (error) {
      return [
        {
          name: 'audit',
          kind: 'OTHER',
          status: 'DOWN',
          mode,
          detail: `${detail}; ${(error as Error).message}`,
          checkedAt,
        },
      ];
    }
  };
}
