import { BadUserInputError } from '../../../core/errors/index.js';
import {
  isInternalStatus,
  JOB_OQL,
  JOB_STATUSES,
  JOB_STREAM_OQL,
  oql,
  type JobStatus,
} from '../../../core/hwa/index.js';

export interface JobFilterInput {
  status?: readonly JobStatus[] | null;
  internalStatus?: readonly string[] | null;
  name?: string | null;
  jobStream?: string | null;
  jobStreamId?: string | null;
  workstation?: string | null;
}

export interface JobStreamFilterInput {
  status?: readonly JobStatus[] | null;
  name?: string | null;
  workstation?: string | null;
}

const WILDCARD = /[*%@?]/;

/** `=` for a plain name, `LIKE` when the caller used a wildcard. */
function nameTerm(field: string, value: string): string {
  return WILDCARD.test(value) ? oql.like(field, value) : oql.eq(field, oql.likePattern(value));
}

function list<T>(values: readonly T[] | null | undefined): readonly T[] | undefined {
  return values && values.length > 0 ? values : undefined;
}

function checkStatuses(values: readonly string[]): void {
  const unknown = values.filter((s) => !(JOB_STATUSES as readonly string[]).includes(s));
  if (unknown.length > 0) throw new BadUserInputError(`Unknown job status ${unknown.join(', ')}`);
}

/** A GraphQL job filter as one OQL query (every value quoted; see core/hwa/oql). */
export function jobFilterToOql(filter: JobFilterInput | null | undefined): string | undefined {
  if (!filter) return undefined;
  const status = list(filter.status);
  const internal = list(filter.internalStatus);
  if (status) checkStatuses(status);
  if (internal) {
    const unknown = internal.filter((s) => !isInternalStatus(s));
    if (unknown.length > 0) {
      throw new BadUserInputError(
        `Unknown internal status ${unknown.join(', ')} (HWA's are ABEND, SUCC, EXEC, HOLD, READY, ...)`,
      );
    }
  }
  return oql.and([
    status ? oql.anyOf(JOB_OQL.commonStatus, status) : undefined,
    internal ? oql.anyOf(JOB_OQL.internalStatus, internal) : undefined,
    filter.name ? nameTerm(JOB_OQL.name, filter.name) : undefined,
    filter.jobStream ? nameTerm(JOB_OQL.jobStreamName, filter.jobStream) : undefined,
    filter.jobStreamId ? oql.eq(JOB_OQL.jobStreamId, filter.jobStreamId) : undefined,
    filter.workstation ? nameTerm(JOB_OQL.workstation, filter.workstation) : undefined,
  ]);
}

export function jobStreamFilterToOql(filter: JobStreamFilterInput | null | undefined): string | undefined {
  if (!filter) return undefined;
  const status = list(filter.status);
  if (status) checkStatuses(status);
  return oql.and([
    status ? oql.anyOf(JOB_STREAM_OQL.commonStatus, status) : undefined,
    filter.name ? nameTerm(JOB_STREAM_OQL.name, filter.name) : undefined,
    filter.workstation ? nameTerm(JOB_STREAM_OQL.workstation, filter.workstation) : undefined,
  ]);
}
