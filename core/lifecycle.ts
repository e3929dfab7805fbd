import type { Logger } from './logger.js';

/** Thrown by exhaustive switches; the compiler proves it unreachable. */
export class UnreachableCaseError extends Error {
  constructor(value: never) {
    super(`Unreachable case: ${JSON.stringify(value)}`);
  }
}

export type LifecyclePhase =
  { phase: 'running' } | { phase: 'stopping'; done: Promise<void> } | { phase: 'stopped' };

interface Closer {
  name: string;
  close: () => Promise<void> | void;
}

/**
 * Owns everything a service opened. Resources register a closer when they are created;
 * `stop()` closes them in reverse order (servers drain first, clients close last), each with a
 * deadline, and is safe to call any number of times: later calls await the first.
 */
export class Lifecycle {
  private state: LifecyclePhase = { phase: 'running' };
  private readonly closers: Closer[] = [];

  constructor(
    private readonly logger: Logger,
    /** Per-closer deadline so one stuck client cannot hold shutdown forever. @default 10000 */
    private readonly closeTimeoutMs = 10_000,
  ) {}

  get phase(): LifecyclePhase['phase'] {
    return this.state.phase;
  }

  /** Registers a resource to close at stop; returns the resource for chaining. */
  defer<T>(name: string, close: () => Promise<void> | void, resource?: T): T | undefined {
    if (this.state.phase !== 'running') {
      // Something was created during shutdown: close it right away rather than leak it.
      void Promise.resolve()
        .then(close)
        .catch(() => undefined);
      return resource;
    }
    this.closers.push({ name, close });
    return resource;
  }

  stop(): Promise<void> {
    switch (this.state.phase) {
      case 'stopped':
        return Promise.resolve();
      case 'stopping':
        return this.state.done;
      case 'running': {
        const done = this.closeAll().then(() => {
          this.state = { phase: 'stopped' };
        });
        this.state = { phase: 'stopping', done };
        return done;
      }
      default:
        throw new UnreachableCaseError(this.state);
    }
  }

  private async closeAll(): Promise<void> {
    for (const closer of this.closers.reverse()) {
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          Promise.resolve().then(closer.close),
          new Promise((_, reject) => {
            timer = setTimeout(
              () => reject(new Error(`timed out after ${this.closeTimeoutMs} ms`)),
              this.closeTimeoutMs,
            );
            timer.unref();
          }),
        ]);
      } catch (error) {
        this.logger.warn({ resource: closer.name, err: (error as Error).message }, 'error while closing');
      } finally {
        if (timer) clearTimeout(timer);
      }
    }
    this.closers.length = 0;
  }
}

/** Stops `stoppable` on SIGINT/SIGTERM once; a second signal exits immediately. */
export function stopOnSignals(stoppable: { stop(): Promise<void> }, logger: Logger): void {
  let stoppingSince: number | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stoppingSince !== undefined) {
      // Ctrl-C reaches us twice (from the terminal and relayed by tsx/npm): ignore the echo.
      if (Date.now() - stoppingSince < 1500) return;
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stoppingSince = Date.now();
    logger.info({ signal }, 'shutting down');
    stoppable.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
