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
  { method: 'GET', path: 'plan/job/{job_id}/predecessors' },
  { method: 'GET', path: 'plan/job/{job_id}/successors' },
  { method: 'GET', path: 'plan/job/run/{run_id}/joblog' },
  { method: 'PUT', path: 'plan/job/{job_id}/action/hold' },
  { method: 'PUT', path: 'plan/job/{job_id}/action/release' },
  { method: 'PUT', path: 'plan/job/{job_id}/action/cancel' },
  { method: 'PUT', path: 'plan/job/{job_id}/action/kill' },
  { method: 'PUT', path: 'plan/job/{job_id}/action/confirm-succ' },
  { method: 'PUT', path: 'plan/job/{job_id}/action/confirm-abend' },
  { method: 'PUT', path: 'plan/job/run/{run_id}/action/rerun' },
  { method: 'POST', path: 'plan/job/submit-ad-hoc-job' },
  { method: 'POST', path: 'plan/job/{model_job_id}/submit' },
  { method: 'GET', path: 'plan/jobstream' },
  { method: 'GET', path: 'plan/jobstream/count' },
  { method: 'GET', path: 'plan/jobstream/{jobstream_id}' },
  { method: 'GET', path: 'plan/jobstream/{jobstream_id}/predecessors' },
  { method: 'GET', path: 'plan/jobstream/{jobstream_id}/successors' },
  { method: 'POST', path: 'plan/jobstream/{model_jobstream_id}/submit' },
  { method: 'GET', path: 'plan/workstation' },
  { method: 'GET', path: 'plan/workstation/{workstation_id}' },
  { method: 'GET', path: 'model/jobdefinition' },
  { method: 'GET', path: 'model/jobdefinition/{jobDefinition_id}' },
  { method: 'GET', path: 'model/jobstream' },
  { method: 'GET', path: 'model/jobstream/{jobStream_id}' },
  { method: 'GET', path: 'model/workstation' },
  { method: 'GET', path: 'model/workstation/{workstation_id}' },
] as const;

export const API_PREFIX = '/twsd/api/v2';
