import DataLoader from 'dataloader';
import type { BaseContext, ContextInput } from '../../core/server/index.js';
import { createLimiter } from './limiter.js';
import type { FusedPassage } from './search/fusion.js';
import type { Retriever } from './search/retrieve.js';

/** Most runbook passages `Job.runbooks` lists (its `limit` argument's maximum). */
export const MAX_RUNBOOKS = 10;
/** Job names searched at once for one request (each name is two store searches). */
const RUNBOOK_SEARCHES = 8;

export interface RagContext extends BaseContext {
  /**
   * Runbook passages per job name, for this request: a page of jobs asking for `runbooks`
   * (`jobs(first: 50) { runbooks }`, resolved through `_entities`) searches each distinct name
   * once, whatever the limits asked, a few names at a time instead of all at once.
   */
  runbooks: DataLoader<string, FusedPassage[]>;
}

export function createRagContext(retriever: Retriever) {
  return (base: BaseContext, input: ContextInput): RagContext => {
    const slots = createLimiter(RUNBOOK_SEARCHES);
    return {
      ...base,
      runbooks: new DataLoader<string, FusedPassage[]>(
        (names) =>
          Promise.all(
            names.map((name) =>
              slots
                .run(() => retriever.runbooksFor(name, MAX_RUNBOOKS))
                .catch((error: unknown) => error as Error),
            ),
          ),
        // One context serves a whole subscription: nothing may be remembered across its events.
        { cache: input.kind === 'request' },
      ),
    };
  };
}
