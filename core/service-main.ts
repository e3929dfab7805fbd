import { ConfigError, loadConfig, type Config } from './config/index.js';
import { stopOnSignals } from './lifecycle.js';
import { createLogger } from './logger.js';
import type { ServiceRuntime } from './runtime.js';
import type { RunningServer } from './server/index.js';
import { startTracing } from './tracing.js';

export type StartService = (runtime: ServiceRuntime) => Promise<RunningServer>;

/**
 * The body of every service's main file (`gateway/main.ts`, `subgraphs/<name>/main.ts`): one
 * service per process, as `docker compose` runs them. Loads the configuration (exit code 2 and
 * every problem on stderr when it is invalid), starts tracing before the service's modules are
 * imported (`loadStart` imports them), creates the runtime, starts the service, and stops it
 * cleanly on SIGTERM/SIGINT (drain HTTP and WebSocket, close clients, flush traces).
 */
export async function runServiceMain(name: string, loadStart: () => Promise<StartService>): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger({ service: 'resync', level: config.logLevel });
  try {
    const tracing = await startTracing(config.observability, name, logger.child({ component: name }));
    const start = await loadStart();
    const { createServiceRuntime } = await import('./runtime.js');
    const runtime = createServiceRuntime(config, name, { logger });
    // Registered before the servers, so closed after they drain: their last spans are exported.
    if (tracing) runtime.lifecycle.defer('tracing', () => tracing.shutdown());
    stopOnSignals(runtime.lifecycle, logger);
    try {
      await start(runtime);
    } catch (error) {
      await runtime.lifecycle.stop();
      throw error;
    }
  } catch (error) {
    logger.fatal({ err: error }, `${name} failed to start`);
    process.exit(1);
  }
}
