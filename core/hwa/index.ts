// What the subgraphs use. Tests reach the internals (paging, retry, errors) through their modules.
export {
  createHwaClient,
  hwaClientOptionsFrom,
  type HwaApi,
  type HwaClient,
  type HwaClientOptions,
} from './client.js';
export type { Justification } from './justification.js';
export { UPSTREAM as HWA_UPSTREAM } from './errors.js';
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
