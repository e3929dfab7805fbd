// Request/response shapes between the HTTP pipeline and the route handlers. Handlers return a value
// instead of writing to the socket, so faults (e.g. malformed bodies) can post-process any response.
import type { IncomingHttpHeaders } from 'node:http';
import type { SimCore } from '../core.js';

export interface SimRequest {
  method: string;
  url: URL;
  /** Path params of the matched route, decoded. */
  params: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body; undefined when the request had none. */
  body: unknown;
  user: string;
  /** `http://host:port` as the client addressed us. */
  origin: string;
}

export interface SimResponse {
  status: number;
  headers?: Record<string, string>;
  json?: unknown;
  text?: string;
  /** For the action log: the job an action or submission applied to. */
  jobId?: string;
}

export type Handler = (req: SimRequest, core: SimCore) => SimResponse;

export interface Route {
  method: 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';
  /** Relative to the router's root, with `{param}` placeholders, e.g. `plan/job/{job_id}`. */
  path: string;
  handler: Handler;
}

export const ok = (json: unknown): SimResponse => ({ status: 200, json });
