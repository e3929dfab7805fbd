import { GraphQLError, type ExecutionResult, type GraphQLFormattedError } from 'graphql';
import { ErrorCode } from '../../core/errors/index.js';

/** Turns whatever a graphql-ws client iterator threw into GraphQL errors for the client. */
export function upstreamFailure(error: unknown, service: string): GraphQLFormattedError[] {
  if (Array.isArray(error)) return error as GraphQLFormattedError[]; // `error` message: validation etc.
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 4403 || code === 4401) {
    return [
      {
        message: `The ${service} service refused the credentials`,
        extensions: { code: ErrorCode.UNAUTHENTICATED },
      },
    ];
  }
  return [
    {
      message: `The subscription to the ${service} service ended unexpectedly`,
      extensions: { code: ErrorCode.UPSTREAM_UNAVAILABLE, upstream: `subgraph:${service}` },
    },
  ];
}

/**
 * Relays an upstream iterator to the client. A hand-written iterator rather than an async
 * generator: `return()` on a generator waits until its pending `await` settles, which for an
 * idle subscription is never, so the upstream would stay open. Here `return()` reaches the
 * upstream at once. A failure becomes one final error result, then the stream completes; a
 * failed transform also closes the upstream.
 */
export function relay(
  upstream: AsyncIterableIterator<ExecutionResult>,
  service: string,
  transform: (result: ExecutionResult) => Promise<ExecutionResult>,
  onEnd: () => void,
): AsyncIterableIterator<ExecutionResult> {
  let finished = false;
  const end = () => {
    if (!finished) {
      finished = true;
      onEnd();
    }
  };
  /** One last result carrying the errors, then done. */
  const fail = (
    errors: ReadonlyArray<GraphQLFormattedError | GraphQLError>,
  ): IteratorResult<ExecutionResult> => {
    if (finished) return { done: true, value: undefined };
    end();
    return { done: false, value: { errors } as unknown as ExecutionResult };
  };
  const iterator: AsyncIterableIterator<ExecutionResult> = {
    async next() {
      if (finished) return { done: true, value: undefined };
      let step: IteratorResult<ExecutionResult>;
      try {
        step = await upstream.next();
      } catch (error) {
        return fail(upstreamFailure(error, service));
      }
      if (step.done || finished) {
        end();
        return { done: true, value: undefined };
      }
      try {
        return { done: false, value: await transform(step.value) };
      } catch (error) {
        // The upstream is still open and would stay so until the client left: close it now.
        void Promise.resolve(upstream.return?.()).catch(() => undefined);
        // Uncoded: masked as INTERNAL for the client, logged with its cause by the formatter.
        return fail([new GraphQLError((error as Error).message, { originalError: error as Error })]);
      }
    },
    async return() {
      end();
      await upstream.return?.();
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
