import type { Requester } from './requester.js';
import { collectPages, walkPages } from './paging.js';
import type {
  EngineInfo,
  GroupedCount,
  JobInPlan,
  JobStreamInPlan,
  Page,
  PlanJobQuery,
  PlanJobStreamQuery,
  PlanWorkstationQuery,
  ScopeType,
  WorkstationInPlan,
} from './types.js';

const enc = encodeURIComponent;

export interface ListOptions {
  oql?: string | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
  /** Trims the payload (e.g. `WHOLE_NO_JOB_DEFINITIONS_AND_NO_DEPENDENCIES` for status polling). */
  scope?: ScopeType | undefined;
}

export interface WalkOptions {
  oql?: string | undefined;
  /** @default 1000 */
  pageSize?: number;
  scope?: ScopeType | undefined;
}

export interface JobLogOptions {
  /** Keep at most this many bytes, from the end. @default 4 MiB */
  maxBytes?: number;
}

export interface JobLog {
  text: string;
  /** The log was longer than `maxBytes`: `text` is its end. */
  truncated: boolean;
}

/** Reads of the current plan. */
export function planApi(r: Requester, requestId: string | undefined) {
  const listQuery = (o: ListOptions): PlanJobQuery => ({
    ...(o.oql ? { oql: o.oql } : {}),
    ...(o.limit !== undefined ? { limit: o.limit } : {}),
    ...(o.offset !== undefined ? { offset: o.offset } : {}),
  });
  const scopeHeader = (scope: ScopeType | undefined) => (scope ? { scope } : undefined);
  const get = <T>(
    endpoint: string,
    path: string,
    extra: {
      query?: object;
      headers?: Record<string, string> | undefined;
      subject?: { what: string; id?: string };
    } = {},
  ) =>
    r.json<T>({
      method: 'GET',
      endpoint,
      path,
      idempotent: true,
      requestId,
      ...(extra.query ? { query: extra.query as Record<string, string | number> } : {}),
      ...(extra.headers ? { headers: extra.headers } : {}),
      ...(extra.subject ? { subject: extra.subject } : {}),
    });

  const listJobs = (o: ListOptions = {}) =>
    get<Page<JobInPlan>>('plan/job', 'plan/job', { query: listQuery(o), headers: scopeHeader(o.scope) });
  const listJobStreams = (o: ListOptions = {}) =>
    get<Page<JobStreamInPlan>>('plan/jobstream', 'plan/jobstream', {
      query: listQuery(o) satisfies PlanJobStreamQuery,
      headers: scopeHeader(o.scope),
    });
  const listWorkstations = (o: Omit<ListOptions, 'scope'> = {}) =>
    get<Page<WorkstationInPlan>>('plan/workstation', 'plan/workstation', {
      query: listQuery(o) satisfies PlanWorkstationQuery,
    });

  return {
    engineInfo: (timeoutMs?: number) =>
      r.json<EngineInfo>({
        method: 'GET',
        endpoint: 'engine/info',
        path: 'engine/info',
        idempotent: true,
        requestId,
        ...(timeoutMs ? { timeoutMs } : {}),
      }),

    listJobs,
    /** Every job matching `oql`, page by page (e.g. the status poller, the knowledge sync). */
    walkJobs: (o: WalkOptions = {}) =>
      walkPages(
        (offset, limit) => listJobs({ oql: o.oql, offset, limit, scope: o.scope }),
        o.pageSize ?? 1000,
      ),
    getJob: (id: string) =>
      get<JobInPlan>('plan/job/{job_id}', `plan/job/${enc(id)}`, { subject: { what: 'Job', id } }),
    /** `{count, groupedCount}`; `groupBy` is HWA's `grouping_filters` (e.g. `status`, `workstation`). */
    countJobs: (groupBy: readonly string[] = [], planFilter = '/@/@#/@/@.@') =>
      get<GroupedCount>('plan/job/count', 'plan/job/count', {
        query: {
          plan_filter: planFilter,
          ...(groupBy.length ? { grouping_filters: groupBy.join(',') } : {}),
        },
      }),
    /** The stdlist of one run as text; 404 (NOT_FOUND) when the run is unknown or never started. */
    jobLog: async (runId: string, o: JobLogOptions = {}): Promise<JobLog> => {
      const result = await r.send({
        method: 'GET',
        endpoint: 'plan/job/run/{run_id}/joblog',
        path: `plan/job/run/${enc(runId)}/joblog`,
        expect: 'text',
        maxBytes: o.maxBytes ?? 4 * 1024 * 1024,
        idempotent: true,
        requestId,
        subject: { what: 'Job log of run', id: runId },
      });
      return { text: result.text, truncated: result.truncated };
    },

    listJobStreams,
    walkJobStreams: (o: WalkOptions = {}) =>
      walkPages(
        (offset, limit) => listJobStreams({ oql: o.oql, offset, limit, scope: o.scope }),
        o.pageSize ?? 1000,
      ),
    /** One job stream instance with its `dependencies[]` and `jobs[]` (lists leave both out). */
    getJobStream: (id: string) =>
      get<JobStreamInPlan>('plan/jobstream/{jobstream_id}', `plan/jobstream/${enc(id)}`, {
        subject: { what: 'Job stream', id },
      }),

    /** Every workstation of the plan (a handful, or a few thousand on the largest masters). */
    allWorkstations: (o: { pageSize?: number } = {}) =>
      collectPages((offset, limit) => listWorkstations({ offset, limit }), o.pageSize ?? 1000),
  };
}

export type PlanApi = ReturnType<typeof planApi>;
