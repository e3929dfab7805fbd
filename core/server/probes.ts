import { Router, type Request, type Response } from 'express';
import type { Registry } from 'prom-client';

/** What a check may report beyond pass/fail; the health subgraph shows it per component. */
export interface CheckReport {
  /** How the dependency is provided, e.g. `redis`, `in-process fallback`, `simulator`. */
  mode?: string;
  detail?: string;
  /** A check can pass but say the dependency is degraded (e.g. a breaker half-open). */
  degraded?: boolean;
}

export interface ReadinessCheck {
  name: string;
  /** Component kind shown by health, e.g. `WORKLOAD_AUTOMATION`, `DATABASE`, `LLM_PROVIDER`. */
  kind?: string;
  /** How the dependency is provided, known without calling it: reported even when the check fails. */
  mode?: string;
  /** Resolves when the dependency is usable; rejects (or times out) when it is not. */
  check: () => Promise<CheckReport | void>;
  /** A failing optional check is reported but does not make the service unready. @default false */
  optional?: boolean;
}

export interface ProbeOptions {
  registry: Registry;
  readiness: () => readonly ReadinessCheck[];
  /** @default 2000 */
  checkTimeoutMs?: number;
}

/**
 * Liveness, readiness and metrics: the only routes that answer without a token (DESIGN §2).
 * They reveal no data beyond dependency names and states.
 */
export function createProbeRouter({ registry, readiness, checkTimeoutMs = 2000 }: ProbeOptions): Router {
  const router = Router();
  router.get('/healthz', (_req: Request, res: Response) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req: Request, res: Response) => {
    const results = await Promise.all(
      readiness().map(async ({ name, kind, mode, check, optional = false }) => {
        const started = performance.now();
        try {
          const report = (await withTimeout(check(), checkTimeoutMs, name)) ?? {};
          return { name, kind, mode, ok: true, optional, latencyMs: elapsed(started), ...report };
        } catch (error) {
          return {
            name,
            kind,
            mode,
            ok: false,
            optional,
            latencyMs: elapsed(started),
            error: (error as Error).message,
          };
        }
      }),
    );
    const ready = results.every((r) => r.ok || r.optional);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unready', checks: results });
  });
  router.get('/metrics', async (_req: Request, res: Response) => {
    res.set('Content-Type', registry.contentType);
    res.send(await registry.metrics());
  });
  return router;
}

const elapsed = (started: number) => Math.round((performance.now() - started) * 10) / 10;

export function withTimeout<T>(promise: Promise<T>, ms: number, what = 'operation'): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
