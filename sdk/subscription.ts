import type { Client as WsClient, SubscribePayload } from 'graphql-ws';
import { fromSubscriptionFailure, ResyncError, type ResyncGraphQLError } from './errors.js';

/** The events of one subscription; `return()` unsubscribes at once, even while a `next()` waits. */
export interface Subscription<TData> extends AsyncIterableIterator<TData> {
  return(): Promise<IteratorReturnResult<undefined>>;
}

/**
 * One graphql-ws subscription as an async iterator. Built on `client.subscribe` rather than
 * `client.iterate` so that leaving early never waits for the next event: an idle dashboard or a
 * chat can be cancelled whenever the caller wants.
 */
export function subscription<TData>(client: WsClient, payload: SubscribePayload): Subscription<TData> {
  const queue: TData[] = [];
  let failure: ResyncError | undefined;
  let done = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  // Set once subscribe() returns; a callback fired before that (none does today) must not miss it.
  const handle: { unsubscribe?: () => void } = {};
  const finish = () => {
    if (!done) {
      done = true;
      handle.unsubscribe?.();
    }
    notify();
  };
  handle.unsubscribe = client.subscribe<TData>(payload, {
    next(result) {
      if (done) return;
      const errors = result.errors as readonly ResyncGraphQLError[] | undefined;
      if (errors?.length) {
        failure = ResyncError.fromGraphQL(errors, { data: result.data });
        finish();
      } else if (result.data !== null && result.data !== undefined) {
        queue.push(result.data);
        notify();
      }
    },
    error(error) {
      failure ??= fromSubscriptionFailure(error);
      done = true;
      notify();
    },
    complete() {
      done = true;
      notify();
    },
  });
  if (done) handle.unsubscribe();

  const iterator: Subscription<TData> = {
    async next(): Promise<IteratorResult<TData, undefined>> {
      for (;;) {
        // Events that arrived before an error or the end are delivered first.
        if (queue.length > 0) return { value: queue.shift()!, done: false };
        if (failure) {
          const error = failure;
          failure = undefined;
          throw error;
        }
        if (done) return { value: undefined, done: true };
        await new Promise<void>((resolve) => (wake = resolve));
      }
    },
    async return() {
      queue.length = 0;
      failure = undefined;
      finish();
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
