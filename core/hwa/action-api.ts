import { justificationHeaders, type Justification } from './justification.js';
import type { Requester } from './requester.js';
import type { JobAction, RerunDetails, ResourceResponse } from './types.js';

const enc = encodeURIComponent;

/**
 * Plan actions. Never retried (a retried hold or rerun could act twice), and every one carries
 * HWA's Justification-* headers: the type makes a justification mandatory.
 */
export function actionApi(r: Requester, requestId: string | undefined) {
  const put = (
    endpoint: string,
    path: string,
    justification: Justification,
    subject: { what: string; id: string },
    body?: unknown,
  ) =>
    r.json<ResourceResponse>({
      method: 'PUT',
      endpoint,
      path,
      idempotent: false,
      requestId,
      headers: justificationHeaders(justification),
      subject,
      ...(body !== undefined ? { body } : {}),
    });

  return {
    /** hold, release or cancel one job. 400 → BAD_USER_INPUT with HWA's message. */
    jobAction: (jobId: string, action: JobAction, justification: Justification) =>
      put(`plan/job/{job_id}/action/${action}`, `plan/job/${enc(jobId)}/action/${action}`, justification, {
        what: 'Job',
        id: jobId,
      }),
    /**
     * Reruns a run (HWA has no rerun by job id): the answer's `id` is the new run. The body is always
     * sent, `{}` at least, because HWA answers 415 to a rerun without a JSON content type.
     */
    rerun: (runId: string, justification: Justification, details: RerunDetails = {}) =>
      put(
        'plan/job/run/{run_id}/action/rerun',
        `plan/job/run/${enc(runId)}/action/rerun`,
        justification,
        { what: 'Job run', id: runId },
        details,
      ),
  };
}

export type ActionApi = ReturnType<typeof actionApi>;
