// Submissions: POST plan/job/submit-ad-hoc-job (SubmitAdHocJobOptionsV2), POST plan/job/{model_job_id}/submit
// (SubmitJobOptionsV2) and POST plan/jobstream/{model_jobstream_id}/submit (SubmitJobStreamOptionsV2).
import type { SimCore } from '../core.js';
import { submitAdHocJob, submitDefinedJob, submitJobStream, type JobSubmission } from '../engine/submit.js';
import { SimError } from '../errors.js';
import { header } from '../http/params.js';
import type { Route, SimRequest } from '../http/types.js';
import type { SimJobStream, SimTask } from '../plan/types.js';
import { apiUrl } from '../views/context.js';
import { checkUuid, viewContext } from './shared.js';

function body(req: SimRequest, required: boolean): Record<string, unknown> {
  if (req.body === undefined) {
    if (required) throw new SimError('INVALID_BODY', 'A JSON request body is required.');
    return {};
  }
  if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body))
    throw new SimError('INVALID_BODY', 'The request body must be a JSON object.');
  return req.body as Record<string, unknown>;
}

function optionalString(b: Record<string, unknown>, name: string): string | undefined {
  const v = b[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v === '')
    throw new SimError('INVALID_BODY', `${name} must be a non-empty string.`);
  return v;
}

function optionalPriority(b: Record<string, unknown>): number | undefined {
  const p = b['priority'];
  if (p === undefined) return undefined;
  if (!Number.isInteger(p) || (p as number) < 0 || (p as number) > 101)
    throw new SimError('INVALID_BODY', 'priority must be an integer between 0 and 101.');
  return p as number;
}

/** `task: { UNIX: { taskString, userName, isCommand } }` (any case for the type key). */
function parseTask(raw: unknown): SimTask {
  if (typeof raw !== 'object' || raw === null)
    throw new SimError('INVALID_BODY', 'The mandatory field "task" is missing.');
  const entries = Object.entries(raw as Record<string, unknown>);
  const [type, inner] = entries[0] ?? [];
  if (entries.length !== 1 || typeof inner !== 'object' || inner === null)
    throw new SimError('INVALID_BODY', 'task must have exactly one task type key, e.g. {"UNIX": {...}}.');
  const upper = (type ?? '').toUpperCase();
  if (upper !== 'UNIX' && upper !== 'WINDOWS')
    throw new SimError(
      'INVALID_BODY',
      `The task type "${type ?? ''}" is not supported by the simulator (UNIX, WINDOWS).`,
    );
  const t = inner as Record<string, unknown>;
  if (typeof t['taskString'] !== 'string' || t['taskString'] === '')
    throw new SimError('INVALID_BODY', 'task.taskString is required.');
  return {
    type: upper,
    command: t['taskString'],
    user: typeof t['userName'] === 'string' ? t['userName'] : 'twsuser',
  };
}

function workstationName(
  core: SimCore,
  req: SimRequest,
  b: Record<string, unknown>,
  fallback?: string,
): string {
  const id = optionalString(b, 'workstationId');
  if (id) {
    const ws = [...core.state.workstations.values()].find((w) => w.id === id || w.modelId === id);
    if (!ws) throw new SimError('INVALID_PARAMETER', `The workstation "${id}" does not exist.`);
    return ws.name;
  }
  const key = optionalString(b, 'workstationKey') ?? header(req.headers, 'default-workstation') ?? fallback;
  if (!key) throw new SimError('INVALID_BODY', 'Specify workstationId or workstationKey.');
  const name = key.replace(/^\/+/, '').split('/').pop() ?? key;
  if (!core.state.workstationsByName.has(name))
    throw new SimError('INVALID_PARAMETER', `The workstation "${key}" does not exist.`);
  return name;
}

function stream(core: SimCore, b: Record<string, unknown>): SimJobStream | undefined {
  const id = optionalString(b, 'jobStreamId');
  if (!id) return undefined;
  const s = core.state.streams.get(id);
  if (!s) throw new SimError('INVALID_PARAMETER', `The job stream "${id}" is not in the plan.`);
  return s;
}

function predecessors(b: Record<string, unknown>): JobSubmission['predecessors'] {
  const deps = b['dependencies'];
  if (deps === undefined) return [];
  if (!Array.isArray(deps)) throw new SimError('INVALID_BODY', 'dependencies must be an array.');
  return deps.map((d: unknown) => {
    const dep = (d ?? {}) as Record<string, unknown>;
    const type = dep['dependencyType'];
    if ((type === 'INTERNAL' || type === 'EXTERNAL_JOB') && typeof dep['jobId'] === 'string')
      return { jobId: dep['jobId'] };
    if (type === 'EXTERNAL_JOBSTREAM' && typeof dep['jobStreamId'] === 'string')
      return { jobStreamId: dep['jobStreamId'] };
    throw new SimError(
      'INVALID_BODY',
      'The simulator accepts INTERNAL/EXTERNAL_JOB dependencies with jobId and EXTERNAL_JOBSTREAM with jobStreamId.',
    );
  });
}

export const submitRoutes: Route[] = [
  {
    method: 'POST',
    path: 'plan/job/submit-ad-hoc-job',
    handler: (req, core) => {
      const b = body(req, true);
      const task = parseTask(b['task']);
      const name =
        optionalString(b, 'alias') ?? `ADHOC_${String(core.state.nextAdHocNumber()).padStart(4, '0')}`;
      const s = stream(core, b);
      const priority = optionalPriority(b);
      const job = submitAdHocJob(core.engine, task, {
        name,
        workstation: workstationName(core, req, b),
        predecessors: predecessors(b),
        ...(s ? { stream: s } : {}),
        ...(priority !== undefined ? { priority } : {}),
      });
      return {
        status: 200,
        json: { id: job.id, url: apiUrl(viewContext(core, req), `plan/job/${job.id}`) },
        jobId: job.id,
      };
    },
  },
  {
    method: 'POST',
    path: 'plan/job/{model_job_id}/submit',
    handler: (req, core) => {
      const id = req.params['model_job_id'] ?? '';
      checkUuid(id, 'job definition');
      const def = core.state.definitions.get(id);
      if (!def || def.adHoc)
        throw new SimError('NOT_FOUND', `The job definition "${id}" was not found in the database.`);
      const b = body(req, false);
      const s = stream(core, b);
      const priority = optionalPriority(b);
      const job = submitDefinedJob(core.engine, def, {
        name: optionalString(b, 'alias') ?? def.name,
        workstation: workstationName(core, req, b, def.workstation),
        predecessors: predecessors(b),
        ...(s ? { stream: s } : {}),
        ...(priority !== undefined ? { priority } : {}),
      });
      return {
        status: 200,
        json: { id: job.id, url: apiUrl(viewContext(core, req), `plan/job/${job.id}`) },
        jobId: job.id,
      };
    },
  },
  {
    method: 'POST',
    path: 'plan/jobstream/{model_jobstream_id}/submit',
    handler: (req, core) => {
      const id = req.params['model_jobstream_id'] ?? '';
      checkUuid(id, 'job stream');
      const model = core.state.modelStreams.get(id);
      if (!model) throw new SimError('NOT_FOUND', `The job stream "${id}" was not found in the database.`);
      const b = body(req, false);
      const arrival = optionalString(b, 'inputArrivalTime');
      const arrivalMs = arrival !== undefined ? Date.parse(arrival) : undefined;
      if (arrivalMs !== undefined && Number.isNaN(arrivalMs))
        throw new SimError('INVALID_BODY', 'inputArrivalTime must be an ISO-8601 instant.');
      const alias = optionalString(b, 'alias');
      const priority = optionalPriority(b);
      const created = submitJobStream(core.engine, model, {
        submitter: req.user,
        ...(alias ? { alias } : {}),
        ...(priority !== undefined ? { priority } : {}),
        ...(arrivalMs !== undefined ? { inputArrivalTime: arrivalMs } : {}),
      });
      const url = apiUrl(viewContext(core, req), `plan/jobstream/${created.id}`);
      return { status: 200, json: { count: 1, results: [{ id: created.id, url }] } };
    },
  },
];
