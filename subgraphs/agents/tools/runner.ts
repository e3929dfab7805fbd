import type { Registry } from 'prom-client';
import { ErrorCode } from '../../../core/errors/index.js';
import type { Logger } from '../../../core/logger.js';
import { counter } from '../../../core/metrics.js';
import type { Caller } from '../model.js';
import { isToolName, toolArgs, type ToolArgs, type ToolName } from './catalog.js';
import { GatewayCallCancelledError, type GatewayClient } from './gateway-client.js';
import {
  dataOrFail,
  qualified,
  resolveJob,
  ToolFailure,
  type FindJobsData,
  type JobSummary,
  type RunOperation,
} from './jobs.js';
import type { OperationName, ToolOperation } from './operations.js';

export interface ToolOutcome {
  ok: boolean;
  /** One line for ChatToolResult and logs. */
  summary: string;
  /** Compact JSON for the model (and the offline responder). */
  data: unknown;
  errorCode?: string;
  /** ACTION tools: what approving would run. */
  proposal?: { jobId: string; jobName: string; summary: string };
  /** The caller left while the tool ran: nothing failed, the turn is over. */
  cancelled?: true;
}

/** Code of a tool call stopped because the client left (as for a cancelled chat turn). */
export const CANCELLED = 'CANCELLED';

export interface ToolCallContext {
  caller: Caller;
  signal: AbortSignal;
}

const clip = (text: string | null | undefined, max: number) =>
  text && text.length > max ? `…${text.slice(-max)}` : (text ?? null);
const clipStart = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}…` : text);

const job = (j: JobSummary) => ({
  name: j.name,
  jobStream: j.jobStream?.name ?? null,
  status: j.status,
  internalStatus: j.internalStatus,
  returnCode: j.returnCode,
  workstation: j.workstationName,
  startTime: j.startTime,
  endTime: j.endTime,
  ...(j.critical ? { critical: true } : {}),
});

type Impl<N extends ToolName> = (args: ToolArgs<N>, run: RunOperation) => Promise<ToolOutcome>;

const ACTION_VERBS = {
  rerun_job: 'rerun',
  hold_job: 'hold',
  release_job: 'release',
  cancel_job: 'cancel',
} as const;

function actionTool<N extends keyof typeof ACTION_VERBS>(tool: N): Impl<N> {
  return async (args: { job: string; reason?: string | undefined }, run: RunOperation) => {
    const target = await resolveJob(run, args.job);
    const name = qualified(target);
    const summary = `${ACTION_VERBS[tool]} ${name} (now ${target.status}${target.returnCode === null ? '' : `, RC ${target.returnCode}`})`;
    return {
      ok: true,
      summary: `proposed: ${summary}`,
      data: { proposed: true, action: ACTION_VERBS[tool], job: name, status: target.status },
      proposal: {
        jobId: target.id,
        jobName: name,
        summary: args.reason ? `${summary}: ${args.reason}` : summary,
      },
    };
  };
}

const IMPLEMENTATIONS: { [N in ToolName]: Impl<N> } = {
  async find_jobs(args, run) {
    const filter = {
      ...(args.status ? { status: [args.status] } : {}),
      ...(args.name ? { name: args.name } : {}),
      ...(args.jobStream ? { jobStream: args.jobStream } : {}),
      ...(args.workstation ? { workstation: args.workstation } : {}),
    };
    const data = dataOrFail(
      await run<FindJobsData>('AgentFindJobs', { filter, first: args.limit }),
      'listing jobs',
    );
    const jobs = data.jobs.edges.map((e) => job(e.node));
    return {
      ok: true,
      summary: `${jobs.length} of ${data.jobs.totalCount} jobs`,
      data: { totalCount: data.jobs.totalCount, jobs },
    };
  },
  async job_details(args, run) {
    const target = await resolveJob(run, args.job);
    type Details = JobSummary & {
      substatus?: string | null;
      late?: boolean;
      runs?: unknown[];
      log?: string | null;
    };
    const data = dataOrFail(
      await run<{ job: Details | null }>('AgentJobDetails', {
        id: target.id,
        tail: Math.max(1, args.logLines),
        withLog: args.logLines > 0,
      }),
      'reading the job',
    );
    if (!data.job) throw new ToolFailure(ErrorCode.NOT_FOUND, 'The job left the plan');
    const details = {
      ...job(data.job),
      substatus: data.job.substatus ?? null,
      late: data.job.late ?? false,
      runs: data.job.runs ?? [],
      ...(args.logLines > 0 ? { log: clip(data.job.log, 4000) } : {}),
    };
    return { ok: true, summary: `${qualified(target)} is ${data.job.status}`, data: details };
  },
  async job_dependencies(args, run) {
    const target = await resolveJob(run, args.job);
    type Dep = { name: string; status: string; jobStream: { name: string } | null };
    const data = dataOrFail(
      await run<{
        job: { name: string; status: string; predecessors: Dep[] | null; successors: Dep[] | null } | null;
      }>('AgentJobDependencies', { id: target.id, depth: args.depth }),
      'reading dependencies',
    );
    const dep = (d: Dep) => ({ name: d.name, jobStream: d.jobStream?.name ?? null, status: d.status });
    const predecessors = (data.job?.predecessors ?? []).map(dep);
    const successors = (data.job?.successors ?? []).map(dep);
    return {
      ok: true,
      summary: `${predecessors.length} predecessors, ${successors.length} successors`,
      data: { job: qualified(target), status: target.status, predecessors, successors },
    };
  },
  async job_impact(args, run) {
    const target = await resolveJob(run, args.job);
    const data = dataOrFail(
      await run<{ job: { impact: Record<string, unknown> | null } | null }>('AgentJobImpact', {
        id: target.id,
      }),
      'reading impact',
    );
    const impact = data.job?.impact ?? null;
    const count = typeof impact?.['count'] === 'number' ? impact['count'] : 0;
    const critical = typeof impact?.['criticalCount'] === 'number' ? impact['criticalCount'] : 0;
    return {
      ok: true,
      summary: `${count} jobs downstream (${critical} critical)`,
      data: { job: qualified(target), status: target.status, impact },
    };
  },
  async list_workstations(_args, run) {
    const data = dataOrFail(
      await run<{ workstations: unknown[] }>('AgentWorkstations', {}),
      'listing workstations',
    );
    return { ok: true, summary: `${data.workstations.length} workstations`, data };
  },
  async plan_summary(_args, run) {
    const data = dataOrFail(
      await run<{ planSummary: { total?: number } }>('AgentPlanSummary', {}),
      'reading the plan summary',
    );
    return { ok: true, summary: `${data.planSummary.total ?? '?'} jobs in the plan`, data };
  },
  async search_documents(args, run) {
    type Passage = { title: string; section: string | null; text: string; score: number };
    const data = dataOrFail(
      await run<{ searchDocuments: Passage[] }>('AgentSearchDocuments', {
        query: args.query,
        limit: args.limit,
      }),
      'searching documents',
    );
    const passages = data.searchDocuments.map((p) => ({ ...p, text: clipStart(p.text, 800) }));
    return { ok: true, summary: `${passages.length} passages`, data: { passages } };
  },
  async ask_documents(args, run) {
    const data = dataOrFail(
      await run<{ ask: { text: string; citations: unknown[] } }>('AgentAskDocuments', {
        question: args.question,
      }),
      'asking the documents',
    );
    return { ok: true, summary: `answer with ${data.ask.citations.length} citations`, data: data.ask };
  },
  rerun_job: actionTool('rerun_job'),
  hold_job: actionTool('hold_job'),
  release_job: actionTool('release_job'),
  cancel_job: actionTool('cancel_job'),
};

export interface ToolRunnerOptions {
  gateway: GatewayClient;
  operations: ReadonlyMap<OperationName, ToolOperation>;
  registry: Registry;
  logger: Logger;
}

/**
 * Validates a tool call's arguments and runs it through the gateway with the caller's token.
 * Never throws for a tool-level problem: the outcome carries the code, so the model can adapt.
 * Tools only read: an operation parsed as a mutation is refused here, whatever a tool asks,
 * so the only way a mutation runs is a user approving a proposal (actions.ts).
 */
export function createToolRunner({ gateway, operations, registry, logger }: ToolRunnerOptions) {
  const calls = counter(registry, {
    name: 'resync_agent_tool_calls_total',
    help: 'Agent tool calls by tool and outcome',
    labelNames: ['tool', 'outcome'],
  });
  return {
    async run(name: string, rawArguments: string, { caller, signal }: ToolCallContext): Promise<ToolOutcome> {
      const outcome = await runOne(name, rawArguments, caller, signal);
      calls.inc({
        tool: isToolName(name) ? name : 'unknown',
        outcome: outcome.ok ? 'ok' : (outcome.errorCode ?? 'error'),
      });
      return outcome;
    },
  };

  async function runOne(
    name: string,
    rawArguments: string,
    caller: Caller,
    signal: AbortSignal,
  ): Promise<ToolOutcome> {
    if (!isToolName(name)) return noSuchTool(name);
    let parsed: unknown;
    try {
      parsed = rawArguments.trim() === '' ? {} : JSON.parse(rawArguments);
    } catch {
      return failure(ErrorCode.BAD_USER_INPUT, 'The arguments are not valid JSON');
    }
    const args = toolArgs[name].safeParse(parsed);
    if (!args.success) {
      return failure(
        ErrorCode.BAD_USER_INPUT,
        args.error.issues.map((i) => `${i.path.join('.') || 'arguments'}: ${i.message}`).join('; '),
      );
    }
    const run: RunOperation = (operation, variables) => {
      const op = operations.get(operation as OperationName);
      // Programming errors, not the caller's: logged and masked below.
      if (!op) throw new Error(`tool operation ${operation} is missing`);
      if (op.kind !== 'query')
        throw new Error(`tool operation ${operation} is a ${op.kind}; tools only read`);
      return gateway.execute(op.text, variables, {
        authorization: caller.authorization,
        requestId: caller.requestId,
        signal,
        mutation: false,
      });
    };
    try {
      const impl = IMPLEMENTATIONS[name] as Impl<typeof name>;
      return await impl(args.data as ToolArgs<typeof name>, run);
    } catch (error) {
      if (error instanceof GatewayCallCancelledError || signal.aborted) {
        return { ...failure(CANCELLED, `${name} was cancelled`), cancelled: true };
      }
      if (error instanceof ToolFailure) return failure(error.code, error.message);
      // Coded errors (UPSTREAM_UNAVAILABLE from the gateway client, ...) carry a message meant
      // for users; anything else may carry internals, which stay in the log.
      const code = (error as { extensions?: { code?: unknown } }).extensions?.code;
      if (typeof code === 'string') return failure(code, (error as Error).message);
      logger.error({ err: error, tool: name }, 'agent tool failed unexpectedly');
      return failure(ErrorCode.INTERNAL, `${name} failed unexpectedly`);
    }
  }
}

export type ToolRunner = ReturnType<typeof createToolRunner>;

function failure(code: string, message: string): ToolOutcome {
  return { ok: false, summary: message, data: { error: code, message }, errorCode: code };
}

/** What the model hears for a tool that does not exist, or that it was not offered this round. */
export function noSuchTool(name: string): ToolOutcome {
  return failure(ErrorCode.BAD_USER_INPUT, `There is no tool named ${clipStart(name, 40)}`);
}
