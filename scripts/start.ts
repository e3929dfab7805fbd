/**
 * `npm start`: the whole stack in one process on embedded defaults (DESIGN §3.8): the HWA
 * simulator, embedded Neo4j when Java is present, in-process cache without Redis, the offline
 * responder without LLM keys. Every fallback is printed here and reported by `health`.
 */
import { runMain } from '../core/service-main.js';

await runMain('resync', async (config, logger) => {
  // Imported only now: tracing (started by runMain) must patch `http` before Express loads.
  const { startStack } = await import('../stack/index.js');
  const started = performance.now();
  const stack = await startStack({ config, logger });
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
  return stack;
});
