/**
 * The HWA REST API V2 operations the client calls (paths relative to `/twsd/api/v2`). The vendored
 * OpenAPI subset and the generated types cover exactly these, so a new endpoint starts here, then
 * `npm run hwa:types`.
 */
export const CLIENT_OPERATIONS = [
  { method: 'GET', path: 'engine/info' },
  { method: 'GET', path: 'plan/job' },
  { method: 'GET', path: 'plan/job/count' },
  { method: 'GET', path: 'plan/job/{job_id}' },
  { method: 'GET', path: 'plan/job/run/{run_id}/joblog' },
  { method: 'PUT', path: 'plan/job/{job_id}/action/hold' },
  { method: 'PUT', path: 'plan/job/{job_id}/action/release' },
  { method: 'PUT', path: 'plan/job/{job_id}/action/cancel' },
  { method: 'PUT', path: 'plan/job/run/{run_id}/action/rerun' },
  { method: 'GET', path: 'plan/jobstream' },
  { method: 'GET', path: 'plan/jobstream/{jobstream_id}' },
  { method: 'GET', path: 'plan/workstation' },
  { method: 'GET', path: 'model/jobdefinition/{jobDefinition_id}' },
  { method: 'GET', path: 'model/workstation' },
] as const;

export const API_PREFIX = '/twsd/api/v2';
