/**
 * `npm start`: the whole stack in one process on embedded defaults (DESIGN §3.8): the HWA
 * simulator, embedded Neo4j when Java is present, in-process cache without Redis, the offline
 * responder without LLM keys. Every fallback is printed here and reported by `health`.
 */
import { ConfigError, loadConfig } from '../core/config/index.js';
import { createLogger } from '../core/logger.js';
import { stopOnSignals } from '../core/lifecycle.js';
import { startStack } from '../stack/index.js';

let config;
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
const started = performance.now();
const stack = await startStack({ config, logger });
stopOnSignals(stack, logger);

const lines = [
  '',
  `Resync is up in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  `  GraphQL (HTTP + WebSocket): ${stack.gateway.url}`,
  `  Apollo Sandbox:             ${stack.gateway.url} (open in a browser)`,
  `  Readiness:                  ${stack.gateway.url.replace(/\/graphql$/, '/readyz')}`,
  '  A token for requests:       npm run token -- --role viewer',
  ...(stack.defaults.length > 0 ? ['  Defaults in use:', ...stack.defaults.map((d) => `    - ${d}`)] : []),
  '',
];
process.stdout.write(lines.join('\n') + '\n');
