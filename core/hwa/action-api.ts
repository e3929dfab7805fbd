import { justificationHeaders, type Justification } from './justification.js';
import type { Requester } from './requester.js';
import type {
  JobAction,
  ListResponse,
  RerunDetails,
  ResourceResponse,
  SubmitAdHocJobOptions,
  SubmitJobOptions,
  SubmitJobStreamOptions,
} from './types.js';

const enc = encodeURIComponent;

/**
 * Plan actions. Never retried (a retried hold or submit could act twice), and every one carries
 * HWA's Justification-* headers: the type makes a justification mandatory.
 */
export function actionApi(r: Requester, requestId: string | undefined) {
  const write = <T>(
    method: 'PUT' | 'POST',
    endpoint: string,
    path: string,
    justification: Justification,
    body: unknown,
    subject?: { what: string; id: string },
  ) =>
    r.json<T>({
      method,
      endpoint,
      path,
      idempotent: false,
      requestId,
      headers: justificationHeaders(justification),
      ...(body !== undefined ? { body } : {}),
      ...(subject ? { subject } : {}),
    });

  return {
    /** hold, release, cancel, kill, confirm-succ, confirm-abend on one job. 400 → BAD_USER_INPUT with HWA's message. */
    jobAction: (
      jobId: string,
      action: JobAction,
      justification: Justification,
      body?: { conditions?: string[] },
    ) =>
      write<ResourceResponse>(
        'PUT',
        `plan/job/{job_id}/action/${action}`,
        `plan/job/${enc(jobId)}/action/${action}`,
        justification,
        body,
        {
          what: 'Job',
          id: jobId,
        },
      ),
    /**
     * Reruns a run (HWA has no rerun by job id): the answer's `id` is the new run. The body is always
     * sent, `{}` at least, because HWA answers 415 to a rerun without a JSON content type.
     */
    rerun: (runId: string, justification: Justification, details: RerunDetails = {}) =>
      write<ResourceResponse>(
        'PUT',
        'plan/job/run/{run_id}/action/rerun',
        `plan/job/run/${enc(runId)}/action/rerun`,
        justification,
        details,
        {
          what: 'Job run',
          id: runId,
        },
      ),
    submitAdHocJob: (options: SubmitAdHocJobOptions, justification: Justification) =>
      write<ResourceResponse>(
        'POST',
        'plan/job/submit-ad-hoc-job',
        'plan/job/submit-ad-hoc-job',
        justification,
        options,
      ),
    submitJob: (modelJobId: string, options: SubmitJobOptions, justification: Justification) =>
      write<ResourceResponse>(
        'POST',
        'plan/job/{model_job_id}/submit',
        `plan/job/${enc(modelJobId)}/submit`,
        justification,
        options,
        {
          what: 'Job definition',
          id: modelJobId,
        },
      ),
    submitJobStream: (
      modelJobStreamId: string,
      options: SubmitJobStreamOptions,
      justification: Justification,
    ) =>
      write<ListResponse<ResourceResponse>>(
        'POST',
        'plan/jobstream/{model_jobstream_id}/submit',
        `plan/jobstream/${enc(modelJobStreamId)}/submit`,
        justification,
        options,
        { what: 'Job stream definition', id: modelJobStreamId },
      ),
  };
}

export type ActionApi = ReturnType<typeof actionApi>;
