import { z } from 'zod';
import { JOB_STATUSES } from '../../../core/hwa/index.js';

/**
 * The tools agents can call. Each is one or two GraphQL operations (tools/operations/*.graphql)
 * sent through the gateway with the user's own token. READ tools run at once; ACTION tools
 * never run here: they become a proposal a user approves (approveAction).
 */

/** A job as the user or model names it: `LOAD_DW_SALES`, or `ETL_SALES.LOAD_DW_SALES` to disambiguate. */
const jobRef = z
  .string()
  .trim()
  .min(1)
  .max(120)
  .describe('Job name (e.g. LOAD_DW_SALES) or JOBSTREAM.JOB to pick one of several jobs with the same name');

export const toolArgs = {
  find_jobs: z
    .object({
      status: z.enum(JOB_STATUSES).optional().describe('HWA common status; ERROR covers ABEND and FAIL'),
      name: z.string().trim().min(1).max(120).optional().describe('Job name or pattern with * wildcards'),
      jobStream: z.string().trim().min(1).max(120).optional().describe('Job stream name'),
      workstation: z.string().trim().min(1).max(120).optional().describe('Workstation name'),
      limit: z.number().int().min(1).max(50).default(20),
    })
    .strict(),
  job_details: z
    .object({
      job: jobRef,
      logLines: z
        .number()
        .int()
        .min(0)
        .max(200)
        .default(30)
        .describe('Lines from the end of the job log (0 = none)'),
    })
    .strict(),
  job_dependencies: z
    .object({ job: jobRef, depth: z.number().int().min(1).max(5).default(1).describe('Levels to follow') })
    .strict(),
  job_impact: z.object({ job: jobRef }).strict(),
  list_workstations: z.object({}).strict(),
  plan_summary: z.object({}).strict(),
  search_documents: z
    .object({ query: z.string().trim().min(2).max(500), limit: z.number().int().min(1).max(10).default(4) })
    .strict(),
  ask_documents: z.object({ question: z.string().trim().min(3).max(1000) }).strict(),
  rerun_job: z.object({ job: jobRef, reason: z.string().trim().max(300).optional() }).strict(),
  hold_job: z.object({ job: jobRef, reason: z.string().trim().max(300).optional() }).strict(),
  release_job: z.object({ job: jobRef, reason: z.string().trim().max(300).optional() }).strict(),
  cancel_job: z.object({ job: jobRef, reason: z.string().trim().max(300).optional() }).strict(),
} as const;

export type ToolName = keyof typeof toolArgs;
export type ToolArgs<N extends ToolName> = z.output<(typeof toolArgs)[N]>;
export type ToolKind = 'READ' | 'ACTION';

export interface ToolDefinition {
  name: ToolName;
  kind: ToolKind;
  description: string;
}

export const TOOLS: readonly ToolDefinition[] = [
  {
    name: 'find_jobs',
    kind: 'READ',
    description:
      'List jobs of the current plan, filtered by status, name pattern, job stream or workstation.',
  },
  {
    name: 'job_details',
    kind: 'READ',
    description:
      'One job: status, return code, times, job stream, workstation, recent runs and the tail of its log.',
  },
  {
    name: 'job_dependencies',
    kind: 'READ',
    description: 'Predecessors and successors of a job in the dependency graph.',
  },
  { name: 'job_impact', kind: 'READ', description: 'What is delayed downstream if a job does not complete.' },
  {
    name: 'list_workstations',
    kind: 'READ',
    description: 'Workstations of the current plan and whether they are linked and running.',
  },
  { name: 'plan_summary', kind: 'READ', description: 'Counts of jobs in the current plan by status.' },
  {
    name: 'search_documents',
    kind: 'READ',
    description: 'Search runbooks and documents for passages about a topic.',
  },
  {
    name: 'ask_documents',
    kind: 'READ',
    description: 'Answer a how-to question from the runbooks, with citations.',
  },
  { name: 'rerun_job', kind: 'ACTION', description: 'Propose rerunning a job. A user must approve it.' },
  { name: 'hold_job', kind: 'ACTION', description: 'Propose putting a job on hold. A user must approve it.' },
  {
    name: 'release_job',
    kind: 'ACTION',
    description: 'Propose releasing a held job. A user must approve it.',
  },
  { name: 'cancel_job', kind: 'ACTION', description: 'Propose cancelling a job. A user must approve it.' },
];

export const TOOL_NAMES: readonly ToolName[] = TOOLS.map((t) => t.name);
export const READ_TOOLS: readonly ToolName[] = TOOLS.filter((t) => t.kind === 'READ').map((t) => t.name);

export function isToolName(name: string): name is ToolName {
  return Object.prototype.hasOwnProperty.call(toolArgs, name);
}

export function toolDefinition(name: ToolName): ToolDefinition {
  return TOOLS.find((t) => t.name === name)!;
}

/** The JSON Schema the model sees for a tool's arguments, generated from the same zod schema that validates them. */
export function toolParameters(name: ToolName): Record<string, unknown> {
  const { $schema: _ignored, ...schema } = z.toJSONSchema(toolArgs[name], { io: 'input' }) as Record<
    string,
    unknown
  >;
  return schema;
}
