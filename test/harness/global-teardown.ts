// Stops the services of global-setup.ts when the last project that started them is done.
// (No runtime import of global-setup.ts: jest loads this file with plain `require`, see there.)
import type { HarnessState } from './global-setup.js';

const STATE = Symbol.for('resync.test.harness.services');

export default async function globalTeardown(): Promise<void> {
  const g = globalThis as typeof globalThis & { [STATE]?: HarnessState };
  const state = g[STATE];
  if (!state) return;
  state.users -= 1;
  if (state.users > 0) return;
  try {
    await Promise.all([state.redis?.stop(), state.neo4j?.stop()]);
  } finally {
    for (const name of state.exported) delete process.env[name];
    delete g[STATE]; // a `jest --watch` re-run starts afresh
  }
}
