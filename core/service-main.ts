import { loadConfigOrExit, type Config } from './config/index.js';
import { stopOnSignals } from './lifecycle.js';
import { createLogger, type Logger } from './logger.js';
import type { ServiceRuntime } from './runtime.js';
import type { RunningServer } from './server/index.js';
import { startTracing, type Tracing } from './tracing.js';

export type StartService = (runtime: ServiceRuntime) => Promise<RunningServer>;

/** What a main's start function returns: the thing to stop on SIGTERM/SIGINT. */
export interface Stoppable {
  stop(): Promise<void>;
}

export type StartMain = (config: Config, logger: Logger) => Promise<Stoppable>;

/**
 * The body of every entry point (`npm start`, `gateway/main.ts`, `subgraphs/<name>/main.ts`), so
 * they cannot drift apart:
 *
 * 1. loads the configuration (exit code 2 and every problem on stderr when it is invalid);
 * 2. installs the signal handlers before anything starts: a start can take a minute (embedded
 *    Neo4j's first download), and a signal during it exits through `process.exit`, whose hooks
 *    stop child processes, instead of killing us without them;
 * 3. starts tracing before `start` imports the service's modules (it must import them
 *    dynamically: the HTTP instrumentation patches `http` as Express loads it);
 * 4. logs a start failure as one fatal log line (exit code 1), not a raw stack.
 *
 * `name` is the process's name in logs and, unless OTEL_SERVICE_NAME is set, in traces.
 */
export async function runMain(name: string, start: StartMain): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger({ service: 'resync', level: config.logLevel });
  let tracing: Tracing | undefined;
  let running: Stoppable | undefined;
  // Servers first (they drain, their last spans end), traces last (flushes those spans).
  const stopAll = async () => {
    await running?.stop();
    await tracing?.shutdown();
  };
  stopOnSignals({ stop: stopAll }, logger);
  try {
    tracing = await startTracing(config.observability, name, logger.child({ component: name }));
    running = await start(config, logger);
  } catch (error) {
    logger.fatal({ err: error }, `${name} failed to start`);
    await tracing?.shutdown();
    process.exit(1);
  }
}

/** One service per process, as `docker compose` runs them; `loadStart` imports the service. */
export function runServiceMain(name: string, loadStart: () => Promise<StartService>): Promise<void> {
  return runMain(name, async (config, logger) => {
    const start = await loadStart();
    const { createServiceRuntime } = await import('./runtime.js');
    const runtime = createServiceRuntime(config, name, { logger });
    try {
      await start(runtime);
    } catch (error) {
      await runtime.lifecycle.stop();
      throw error;
    }
    return runtime.lifecycle;
  });
}
