import { randomUUID } from 'node:crypto';
import { sanitizeArguments, type AuditLog } from '../../core/audit/index.js';
import { hasRole } from '../../core/auth/index.js';
import { isBreakerOpenError } from '../../core/breaker.js';
import { ErrorCode, NotFoundError, UpstreamUnavailableError } from '../../core/errors/index.js';
import type { Logger } from '../../core/logger.js';
import type { Caller, Proposal } from './model.js';
import type { ConversationStore } from './stores/conversation-store.js';
import type { ProposalStore } from './stores/proposal-store.js';
import type { GatewayClient } from './tools/gateway-client.js';
import type { OperationName, ToolOperation } from './tools/operations.js';

export interface ActionOutcome {
  actionId: string;
  conversationId: string;
  tool: string;
  status: 'EXECUTED' | 'REJECTED';
  ok: boolean;
  message: string;
  errorCode: string | null;
}

const MUTATIONS: Readonly<Record<string, { operation: OperationName; field: string; verb: string }>> = {
  rerun_job: { operation: 'AgentRerunJob', field: 'rerunJob', verb: 'rerun' },
  hold_job: { operation: 'AgentHoldJob', field: 'holdJob', verb: 'hold' },
  release_job: { operation: 'AgentReleaseJob', field: 'releaseJob', verb: 'release' },
  cancel_job: { operation: 'AgentCancelJob', field: 'cancelJob', verb: 'cancel' },
};

/**
 * Gateway answers that guarantee the mutation did not run (refused before any resolver): the
 * proposal was already taken, so it is put back for the time it had left.
 */
const NOTHING_RAN: ReadonlySet<string> = new Set([ErrorCode.RATE_LIMITED, ErrorCode.UNAUTHENTICATED]);

export interface ActionServiceOptions {
  proposals: ProposalStore;
  conversations: ConversationStore;
  gateway: GatewayClient;
  operations: ReadonlyMap<OperationName, ToolOperation>;
  audit: AuditLog;
  logger: Logger;
}

/**
 * Approving runs the proposed mutation through the gateway with the APPROVER's token (so the
 * tws permission table and audit apply to them), exactly once, never retried; rejecting
 * discards it. Either way the outcome is posted into the conversation and audited.
 */
export function createActionService({
  proposals,
  conversations,
  gateway,
  operations,
  audit,
  logger,
}: ActionServiceOptions) {
  /** Only the conversation's owner (or an admin) may decide; others learn nothing about it. */
  const claim = async (caller: Caller, actionId: string): Promise<Proposal> => {
    const seen = await proposals.get(actionId);
    if (!seen || (seen.owner !== caller.sub && !hasRole(caller.roles, 'admin')))
      throw new NotFoundError('Proposed action (or it expired)', actionId);
    const taken = await proposals.take(actionId);
    if (!taken) throw new NotFoundError('Proposed action (or it expired)', actionId);
    return taken;
  };

  /** Puts a taken proposal back with its remaining lifetime; says whether it is pending again. */
  const restore = async (proposal: Proposal): Promise<boolean> => {
    const left = Math.floor((Date.parse(proposal.expiresAt) - Date.now()) / 1000);
    if (left < 1) return false;
    try {
      await proposals.save(proposal, left);
      return true;
    } catch (error) {
      logger.error(
        { err: (error as Error).message, actionId: proposal.actionId },
        'could not restore the proposal',
      );
      return false;
    }
  };
  const notRun = async (proposal: Proposal, why: string) =>
    `${why}; nothing ran${(await restore(proposal)) ? ' and the proposal is still pending: approve it again' : ''}`;

  const conclude = async (caller: Caller, proposal: Proposal, outcome: ActionOutcome) => {
    const at = new Date().toISOString();
    const who = caller.sub === proposal.owner ? 'you' : caller.sub;
    const content =
      outcome.status === 'REJECTED'
        ? `Rejected by ${who}: ${proposal.summary}.`
        : `${outcome.ok ? 'Done' : 'Failed'} (approved by ${who}): ${proposal.summary}. ${outcome.message}`;
    try {
      await conversations.append(proposal.conversationId, proposal.owner, {
        messages: [{ id: randomUUID(), role: 'ACTION', content, createdAt: at }],
        turns: 0,
        at,
      });
    } catch (error) {
      logger.error(
        { err: (error as Error).message, actionId: proposal.actionId },
        'could not post the action outcome to the conversation',
      );
    }
    await audit
      .append({
        actor: caller.sub,
        roles: caller.roles,
        service: 'agents',
        action: outcome.status === 'REJECTED' ? 'ACTION_REJECTED' : 'ACTION_APPROVED',
        operation: outcome.status === 'REJECTED' ? 'rejectAction' : 'approveAction',
        field: proposal.tool,
        arguments: sanitizeArguments({
          actionId: proposal.actionId,
          ...proposal.arguments,
          jobId: proposal.jobId,
        }),
        outcome: outcome.ok ? 'OK' : 'ERROR',
        errorCode: outcome.errorCode ?? undefined,
        requestId: caller.requestId,
        detail: `${outcome.status === 'REJECTED' ? 'rejected' : outcome.ok ? 'executed' : 'failed'}: ${proposal.summary}; ${outcome.message} (proposed by ${proposal.owner})`,
        conversationId: proposal.conversationId,
      })
      .catch(() => undefined);
    return outcome;
  };

  return {
    async approve(caller: Caller, actionId: string): Promise<ActionOutcome> {
      const proposal = await claim(caller, actionId);
      const mutation = MUTATIONS[proposal.tool];
      const operation = mutation ? operations.get(mutation.operation) : undefined;
      const base = {
        actionId,
        conversationId: proposal.conversationId,
        tool: proposal.tool,
        status: 'EXECUTED' as const,
      };
      if (!mutation || !operation) {
        return conclude(caller, proposal, {
          ...base,
          ok: false,
          message: `Unknown action ${proposal.tool}`,
          errorCode: ErrorCode.INTERNAL,
        });
      }
      let outcome: ActionOutcome;
      try {
        type Job = { status?: string; internalStatus?: string; runs?: Array<{ attempt: number }> };
        const reason = `${proposal.summary} — proposed by ${proposal.owner} to agent ${proposal.agentId}, approved by ${caller.sub}`;
        const result = await gateway.execute<Record<string, Job | null>>(
          operation.text,
          { id: proposal.jobId, reason: reason.slice(0, 500), ticket: proposal.actionId },
          { authorization: caller.authorization, requestId: caller.requestId, mutation: true },
        );
        const first = result.errors[0];
        const job = result.data?.[mutation.field];
        const runs = job?.runs?.length;
        outcome = first
          ? {
              ...base,
              ok: false,
              message: NOTHING_RAN.has(first.code) ? await notRun(proposal, first.message) : first.message,
              errorCode: first.code,
            }
          : {
              ...base,
              ok: true,
              message: `${proposal.jobName} is now ${job?.status ?? '?'}${job?.internalStatus && job.internalStatus !== job.status ? ` (${job.internalStatus})` : ''}${runs ? `, run ${runs}` : ''}`,
              errorCode: null,
            };
      } catch (error) {
        // Never retried: the action may or may not have reached HWA, so say so instead of guessing
        // (unless the breaker was open: then nothing was sent).
        const message =
          error instanceof UpstreamUnavailableError && isBreakerOpenError(error.originalError)
            ? await notRun(proposal, error.message)
            : error instanceof UpstreamUnavailableError
              ? `${error.message}; the outcome is unknown, check the job before retrying`
              : 'The action failed unexpectedly';
        if (!(error instanceof UpstreamUnavailableError))
          logger.error({ err: error, actionId }, 'approved action failed unexpectedly');
        outcome = { ...base, ok: false, message, errorCode: ErrorCode.UPSTREAM_UNAVAILABLE };
      }
      return conclude(caller, proposal, outcome);
    },

    async reject(caller: Caller, actionId: string): Promise<ActionOutcome> {
      const proposal = await claim(caller, actionId);
      return conclude(caller, proposal, {
        actionId,
        conversationId: proposal.conversationId,
        tool: proposal.tool,
        status: 'REJECTED',
        ok: true,
        message: `Discarded: ${proposal.summary}`,
        errorCode: null,
      });
    },
  };
}

export type ActionService = ReturnType<typeof createActionService>;
