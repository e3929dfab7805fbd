import { BadUserInputError } from '../../../core/errors/index.js';
import type { Cache } from '../../../core/cache/index.js';
import type { HwaApi, Justification } from '../../../core/hwa/index.js';
import type { Logger } from '../../../core/logger.js';
import { lastRunOf } from '../model/mappers.js';
import type { JobRecord } from '../model/records.js';
import type { JobStatus } from '../../../core/hwa/index.js';
import { PLAN_STATE_KINDS, type TwsCacheKind } from './cache-kinds.js';
import type { PlanReader } from './plan-reader.js';

export type JobMutation = 'rerun' | 'hold' | 'release' | 'cancel';

interface Rule {
  allowed: ReadonlySet<JobStatus>;
  explain: string;
}

/**
 * Which common statuses each action accepts, checked before calling HWA so an operator (or an
 * agent) learns why in plain words. HWA checks again; its refusal is translated the same way.
 */
const RULES: Readonly<Record<JobMutation, Rule>> = {
  rerun: {
    allowed: new Set(['SUCCESSFUL', 'ERROR', 'CANCELED']),
    explain: 'only finished jobs (SUCCESSFUL, ERROR, CANCELED) can be rerun',
  },
  hold: {
    allowed: new Set(['WAITING', 'READY']),
    explain: 'only jobs that have not started yet (WAITING, READY) can be held',
  },
  release: { allowed: new Set(['HELD']), explain: 'only held jobs can be released' },
  cancel: {
    allowed: new Set(['WAITING', 'READY', 'HELD', 'ERROR', 'BLOCKED', 'UNDECIDED', 'SUPPRESS']),
    explain: 'running jobs must be killed, and SUCCESSFUL or CANCELED jobs have nothing to cancel',
  },
};

export interface ActionRequest {
  action: JobMutation;
  jobId: string;
  /** The verified caller (`sub`). */
  actor: string;
  requestId: string;
  reason?: string | null | undefined;
  /** Approval or change ticket; defaults to the request id. */
  ticket?: string | null | undefined;
}

export interface ActionDeps {
  hwa: HwaApi;
  reader: PlanReader;
  cache: Cache<TwsCacheKind>;
  logger: Logger;
  /** Tells the status poller something changed (so subscribers hear it without waiting a full interval). */
  onActed: () => void;
}

/**
 * One operator action: read the job fresh, check the transition, act with HWA's Justification
 * headers (never retried), invalidate the plan state everywhere, return the job as it is now.
 */
const MAX_REASON = 500;
const MAX_TICKET = 100;

export async function performJobAction(request: ActionRequest, deps: ActionDeps): Promise<JobRecord> {
  const { action, jobId } = request;
  if ((request.reason?.length ?? 0) > MAX_REASON)
    throw new BadUserInputError(`reason is limited to ${MAX_REASON} characters`);
  if ((request.ticket?.length ?? 0) > MAX_TICKET)
    throw new BadUserInputError(`ticket is limited to ${MAX_TICKET} characters`);
  const before = await deps.reader.freshJob(jobId);
  const rule = RULES[action];
  if (!rule.allowed.has(before.status)) {
    throw new BadUserInputError(
      `Cannot ${action} job ${before.name}: it is ${before.status} (${before.internalStatus}); ${rule.explain}.`,
      { jobId, status: before.status, internalStatus: before.internalStatus },
    );
  }
  const justification: Justification = {
    category: `resync:${request.actor}`,
    description: request.reason?.trim() || `${action} of ${before.name} requested through Resync`,
    ticketNumber: request.ticket?.trim() || request.requestId,
  };
  try {
    if (action === 'rerun') {
      const last = lastRunOf(before.runs);
      if (!last) throw new BadUserInputError(`Cannot rerun job ${before.name}: HWA lists no run of it.`);
      await deps.hwa.actions.rerun(last.id, justification);
    } else {
      await deps.hwa.actions.jobAction(jobId, action, justification);
    }
  } finally {
    // Even a refused or failed action may have changed something: never serve the state from before.
    // A hold or rerun also changes its successors, streams and counts: drop all plan state.
    await deps.cache.invalidateKinds(PLAN_STATE_KINDS);
  }
  deps.logger.info(
    { action, jobId, job: before.name, actor: request.actor, ticket: justification.ticketNumber },
    'job action done',
  );
  deps.onActed();
  return deps.reader.freshJob(jobId);
}
