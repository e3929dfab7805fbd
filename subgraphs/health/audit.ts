import {
  AUDIT_ACTIONS,
  describeAuditLog,
  type AuditAction,
  type AuditFilter,
  type AuditLog,
  type AuditOutcome,
  type AuditRecord,
} from '../../core/audit/index.js';
import { BadUserInputError, UpstreamUnavailableError } from '../../core/errors/index.js';

/** The store's failures (Redis down) reach clients as UPSTREAM_UNAVAILABLE, never raw. */
async function guarded<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw new UpstreamUnavailableError('redis', `The audit trail is unavailable (${what})`, { cause: error });
  }
}

interface AuditTrailArgs {
  first?: number | null;
  after?: string | null;
  filter?: {
    actor?: string | null;
    action?: AuditAction | null;
    service?: string | null;
    outcome?: AuditOutcome | null;
    since?: Date | null;
    until?: Date | null;
  } | null;
}

const CURSOR = /^\d{1,20}-\d{1,20}$/;

const view = (r: AuditRecord) => ({
  ...r,
  roles: [...r.roles],
  arguments: JSON.stringify(r.arguments ?? null),
  errorCode: r.errorCode ?? null,
  detail: r.detail ?? null,
  conversationId: r.conversationId ?? null,
});

/** `auditTrail` and `verifyAuditTrail` (admin only, see permissions.ts). */
export function createAuditResolvers(audit: AuditLog) {
  return {
    auditTrail: async (_: unknown, { first, after, filter }: AuditTrailArgs) => {
      const n = first ?? 50;
      if (!Number.isInteger(n) || n < 1 || n > 200)
        throw new BadUserInputError('first must be an integer from 1 to 200');
      if (after != null && !CURSOR.test(after))
        throw new BadUserInputError('after is not a cursor of auditTrail');
      if (filter?.action != null && !AUDIT_ACTIONS.includes(filter.action))
        throw new BadUserInputError('unknown action');
      const f: AuditFilter = {
        actor: filter?.actor ?? undefined,
        action: filter?.action ?? undefined,
        service: filter?.service ?? undefined,
        outcome: filter?.outcome ?? undefined,
        since: filter?.since ?? undefined,
        until: filter?.until ?? undefined,
      };
      const page = await guarded('reading', () =>
        audit.list({ first: n, after: after ?? undefined, filter: f }),
      );
      return {
        edges: page.records.map((r) => ({ cursor: r.id, node: view(r) })),
        pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor ?? null },
      };
    },
    // Every call walks and decrypts the whole stream, so tampering with an old entry is found
    // whenever it is asked; concurrent calls share one walk (AuditLog.verify is single-flight).
    verifyAuditTrail: async () => {
      const result = await guarded('verifying', () => audit.verify());
      return {
        ...result,
        firstInvalid: result.firstInvalid
          ? { ...result.firstInvalid, sequence: result.firstInvalid.sequence ?? null }
          : null,
        store: describeAuditLog(audit).mode,
        activeKeyId: audit.activeKeyId,
        developmentKey: audit.usingDevelopmentKey,
      };
    },
  };
}
