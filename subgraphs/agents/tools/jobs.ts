import { ErrorCode } from '../../../core/errors/index.js';
import type { GatewayResult } from './gateway-client.js';

/** A tool could not do its job; the model (or offline responder) gets the code and message. */
export class ToolFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ToolFailure';
  }
}

/** Runs one named tool operation through the gateway. */
export type RunOperation = <T>(
  operation: string,
  variables: Record<string, unknown>,
) => Promise<GatewayResult<T>>;

/** The data of a result, or a ToolFailure with the first error's code when there is none. */
export function dataOrFail<T>(result: GatewayResult<T>, what: string): T {
  if (result.data !== null && result.data !== undefined) return result.data;
  const first = result.errors[0];
  throw new ToolFailure(
    first?.code ?? ErrorCode.INTERNAL,
    first ? `${what}: ${first.message}` : `${what}: no data`,
  );
}

export interface JobSummary {
  id: string;
  name: string;
  status: string;
  internalStatus: string | null;
  returnCode: number | null;
  startTime: string | null;
  endTime: string | null;
  critical?: boolean;
  jobStream: { name: string } | null;
  workstationName: string | null;
}

interface FindJobsData {
  jobs: { totalCount: number; edges: Array<{ node: JobSummary }> };
}

const PLAIN = /^[A-Za-z0-9_#@$-]+$/;

/** `LOAD_DW_SALES` or `ETL_SALES.LOAD_DW_SALES` → name and optional job stream. */
export function parseJobRef(ref: string): { name: string; jobStream?: string } {
  const trimmed = ref.trim();
  const parts = trimmed.split('.');
  if (parts.length === 2 && PLAIN.test(parts[0]!) && PLAIN.test(parts[1]!))
    return { jobStream: parts[0]!, name: parts[1]! };
  if (!PLAIN.test(trimmed))
    throw new ToolFailure(
      ErrorCode.BAD_USER_INPUT,
      'A job is named by letters, digits and _ (optionally JOBSTREAM.JOB)',
    );
  return { name: trimmed };
}

/**
 * Finds the one plan job a name refers to (tools take names; the API takes ids). Several
 * matches are reported back qualified by job stream so the user or model can pick one.
 */
export async function resolveJob(run: RunOperation, ref: string): Promise<JobSummary> {
  const { name, jobStream } = parseJobRef(ref);
  const data = dataOrFail(
    await run<FindJobsData>('AgentFindJobs', {
      filter: { name, ...(jobStream ? { jobStream } : {}) },
      first: 10,
    }),
    'finding the job',
  );
  const matches = data.jobs.edges
    .map((e) => e.node)
    .filter((j) => j.name.toUpperCase() === name.toUpperCase());
  if (matches.length === 0)
    throw new ToolFailure(ErrorCode.NOT_FOUND, 'No job with that name is in the current plan');
  if (matches.length > 1) {
    const options = matches.map((j) => `${j.jobStream?.name ?? '?'}.${j.name} (${j.status})`).join(', ');
    throw new ToolFailure(
      ErrorCode.BAD_USER_INPUT,
      `Several jobs have that name; name one as JOBSTREAM.JOB: ${options}`,
    );
  }
  return matches[0]!;
}

export const qualified = (job: Pick<JobSummary, 'name' | 'jobStream'>) =>
  job.jobStream ? `${job.jobStream.name}.${job.name}` : job.name;

export { type FindJobsData };
