export {
  createHwaClient,
  hwaClientOptionsFrom,
  type HwaApi,
  type HwaClient,
  type HwaClientOptions,
} from './client.js';
export type { PlanApi, ListOptions, WalkOptions, JobLog, JobLogOptions } from './plan-api.js';
export type { ActionApi } from './action-api.js';
export type { ModelApi, ModelListOptions } from './model-api.js';
export { justificationHeaders, headerSafe, type Justification } from './justification.js';
export {
  HwaHttpError,
  HwaTransportError,
  translateHwaError,
  isHwaFailure,
  UPSTREAM as HWA_UPSTREAM,
} from './errors.js';
export { walkPages, collectPages, type PageFetcher } from './paging.js';
export { retryDecision, DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.js';
export * as oql from './oql.js';
export { JOB_OQL, JOB_STREAM_OQL, JOB_COUNT_GROUPING } from './oql-fields.js';
export {
  JOB_STATUSES,
  JOB_INTERNAL_STATUSES,
  isInternalStatus,
  commonStatusOf,
  type JobStatus,
} from './statuses.js';
export type * from './types.js';
