import autocannon from 'autocannon';
import type { HttpLoad, LoadResult } from './types.js';

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const round = (n: number) => Math.round(n * 100) / 100;

/**
 * Runs autocannon against one GraphQL operation. Latencies are collected per response so the
 * exact p50/p95/p99 are reported (autocannon's own summary has no p95).
 */
export async function runHttpLoad(
  load: HttpLoad,
  defaults: { connections: number; durationSeconds: number },
): Promise<LoadResult> {
  const connections = load.connections ?? defaults.connections;
  const duration = load.durationSeconds ?? defaults.durationSeconds;
  const latencies: number[] = [];
  let graphqlErrors = 0;
  const checkBodies = load.checkGraphqlErrors ?? true;
  let finish!: (result: autocannon.Result) => void;
  let fail!: (error: Error) => void;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const instance = autocannon(
    {
      url: load.url,
      method: 'POST',
      connections,
      duration,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${load.token}` },
      body: JSON.stringify({ query: load.query, ...(load.variables ? { variables: load.variables } : {}) }),
      ...(checkBodies
        ? {
            verifyBody: (body: unknown) => {
              const ok = !String(body).includes('"errors"');
              if (!ok) graphqlErrors += 1;
              return ok;
            },
          }
        : {}),
    },
    (error, result) => (error ? fail(error as Error) : finish(result)),
  );
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
    latencies.push(responseTime);
  });
  const result = await done;
  latencies.sort((a, b) => a - b);
  return {
    label: load.label,
    target: load.url,
    connections,
    durationSeconds: duration,
    requests: result.requests.total,
    rps: round(result.requests.average),
    latencyMs: {
      p50: round(percentile(latencies, 50)),
      p95: round(percentile(latencies, 95)),
      p99: round(percentile(latencies, 99)),
      max: round(latencies.at(-1) ?? 0),
    },
    errors: result.non2xx + result.errors + (checkBodies ? graphqlErrors : 0),
  };
}
