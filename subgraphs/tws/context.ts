import type { BaseContext } from '../../core/server/index.js';
import type { JobRecord, JobStatusChangeRecord } from './model/records.js';
import type { ActionRequest } from './services/actions.js';
import type { Loaders } from './services/loaders.js';
import type { PlanReader } from './services/plan-reader.js';

/** What the tws resolvers get per request (HTTP or graphql-ws alike). */
export interface TwsContext extends BaseContext {
  tws: {
    reader: PlanReader;
    loaders: Loaders;
    act(request: Pick<ActionRequest, 'action' | 'jobId' | 'reason' | 'ticket'>): Promise<JobRecord>;
    /** Every status change published by the deployment's poller, from now on. */
    statusChanges(): AsyncIterableIterator<JobStatusChangeRecord>;
  };
}
