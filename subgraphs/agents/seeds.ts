import type { AgentDefinition } from './model.js';
import { READ_TOOLS, TOOL_NAMES } from './tools/catalog.js';

/** The built-in agents, written at start when absent (edits made by admins are kept). */
export function seededAgents(now = new Date().toISOString()): AgentDefinition[] {
  return [
    {
      id: 'general',
      name: 'HWA operations assistant',
      description:
        'Answers questions about the live plan, jobs, workstations, dependencies and runbooks; proposes job actions for approval.',
      systemPrompt: [
        'You are the operations assistant of a workload automation team.',
        'For status questions, list the jobs with their job stream, status, return code and times.',
        'For how-to questions, answer from the runbooks and cite them.',
        'When asked to act on a job, use the matching action tool to propose it and tell the user how to approve it.',
      ].join('\n'),
      provider: 'AUTO',
      model: null,
      temperature: 0.2,
      tools: [...TOOL_NAMES],
      builtIn: true,
      createdAt: now,
      updatedAt: now,
    },
    {
      id: 'troubleshooter',
      name: 'Troubleshooting specialist',
      description:
        'Investigates failed jobs: status and return code, the log tail, upstream and downstream dependencies, impact and the runbook fix.',
      systemPrompt: [
        'You investigate failed HWA jobs. For a failed job, always: read its details and log tail,',
        'find what it waits for and what waits for it (dependencies, impact), and search the runbooks for the error.',
        'Then explain the probable cause, the business impact (critical jobs and streams delayed) and the next steps.',
        'Propose a rerun only when the runbook says the cause is fixed or transient.',
      ].join('\n'),
      provider: 'AUTO',
      model: null,
      temperature: 0.1,
      tools: [...READ_TOOLS, 'rerun_job', 'hold_job', 'release_job'],
      builtIn: true,
      createdAt: now,
      updatedAt: now,
    },
  ];
}
