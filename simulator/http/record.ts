// The action log: every mutating API request that passed authentication, with its outcome and the
// audit headers HWA accepts (Justification-Category/-Description/-Ticket-Num, Context-Session).
import type { IncomingHttpHeaders } from 'node:http';
import type { SimCore } from '../core.js';
import { iso } from '../time.js';
import type { ActionRecord } from '../types.js';
import { header } from './params.js';
import type { SimResponse } from './types.js';

export interface ActionInput {
  method: string;
  path: string;
  params: Record<string, string>;
  headers: IncomingHttpHeaders;
  user: string;
  body: unknown;
  response: SimResponse;
}

export function recordAction(core: SimCore, input: ActionInput): void {
  const { params, headers, response } = input;
  const targetId =
    params['job_id'] ??
    params['run_id'] ??
    params['model_job_id'] ??
    params['model_jobstream_id'] ??
    params['jobstream_id'];
  const jobId =
    response.jobId ??
    params['job_id'] ??
    (params['run_id'] ? core.state.runs.get(params['run_id'])?.job.id : undefined);
  const justification: ActionRecord['justification'] = {};
  const category = header(headers, 'justification-category');
  const description = header(headers, 'justification-description');
  const ticket = header(headers, 'justification-ticket-num');
  if (category !== undefined) justification.category = category;
  if (description !== undefined) justification.description = description;
  if (ticket !== undefined) justification.ticketNumber = ticket;
  const record: ActionRecord = {
    at: iso(core.engine.now),
    method: input.method,
    path: input.path,
    action: input.path.split('/').pop() ?? '',
    user: input.user,
    status: response.status,
    justification,
  };
  if (targetId !== undefined) record.targetId = targetId;
  if (jobId !== undefined) record.jobId = jobId;
  const context = header(headers, 'context-session');
  if (context !== undefined) record.contextSession = context;
  if (input.body !== undefined) record.body = input.body;
  const messages = (response.json as { messages?: unknown } | undefined)?.messages;
  if (response.status >= 400 && Array.isArray(messages) && typeof messages[0] === 'string')
    record.message = messages[0];
  core.actionLog.push(record);
}
