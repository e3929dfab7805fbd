import type { Identity } from '../core/auth/index.js';
import type { Logger } from '../core/logger.js';

/** The gateway's request context: the verified caller, forwarded to subgraphs. */
export interface GatewayContext {
  identity: Identity;
  requestId: string;
  logger: Logger;
  /** Client address, for per-IP limits and logs. */
  ip: string;
}
