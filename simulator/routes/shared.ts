// Helpers shared by the V2 route modules: view context, lookups that 404, list paging parameters.
import type { SimCore } from '../core.js';
import { SimError } from '../errors.js';
import { includeCount, intParam, header } from '../http/params.js';
import type { SimRequest } from '../http/types.js';
import type { SimJob, SimJobStream } from '../plan/types.js';
import type { ViewContext } from '../views/context.js';
import type { JobViewOptions } from '../views/job.js';
import type { PageRequest } from '../views/paging.js';

export function viewContext(core: SimCore, req: SimRequest): ViewContext {
  return { state: core.state, now: core.engine.now, origin: req.origin };
}

export function findJob(core: SimCore, id: string): SimJob {
  const job = core.state.jobs.get(id);
  if (!job) throw new SimError('NOT_FOUND', `The job "${id}" was not found in the plan.`);
  return job;
}

export function findStream(core: SimCore, id: string): SimJobStream {
  const stream = core.state.streams.get(id);
  if (!stream) throw new SimError('NOT_FOUND', `The job stream "${id}" was not found in the plan.`);
  return stream;
}

/** `limit` (default 10000, as in the spec), `offset` and `Include-Count`. */
export function pageRequest(req: SimRequest): PageRequest {
  return {
    limit: intParam(req.url, 'limit', 10000),
    offset: intParam(req.url, 'offset', 0),
    includeCount: includeCount(req.headers),
    url: req.url,
  };
}

/** The `scope` header trims payloads (ScopeType in the spec). */
export function jobViewOptions(req: SimRequest): JobViewOptions {
  const scope = header(req.headers, 'scope') ?? 'WHOLE';
  return {
    dependencies: !scope.includes('NO_DEPENDENCIES'),
    definition: !scope.includes('NO_JOB_DEFINITIONS'),
  };
}

const UUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** Model ids must match the UUID pattern (NOTES §2.2 row 23). */
export function checkUuid(id: string, what: string): void {
  if (!UUID_RE.test(id))
    throw new SimError('INVALID_PARAMETER', `The ${what} identifier "${id}" is not a valid UUID.`);
}
