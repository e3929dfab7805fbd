// CLI: `npm run simulator -- [--port 31116] [--host 127.0.0.1] [--jobs N] [--seed S] [--speed X]
// [--tick MS] [--user U] [--password P] [--token T]`. Prints one line when listening; Ctrl-C stops.
import { parseArgs } from 'node:util';
import { DEFAULT_PORT, startSimulator } from './simulator.js';
import type { SimulatorOptions } from './types.js';

function num(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} needs a non-negative number, got "${value}"`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      jobs: { type: 'string' },
      seed: { type: 'string' },
      speed: { type: 'string' },
      tick: { type: 'string' },
      user: { type: 'string' },
      password: { type: 'string' },
      token: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(
      'usage: npm run simulator -- [--port N] [--host H] [--jobs N] [--seed S] [--speed X] [--tick MS] [--user U --password P] [--token T]\n',
    );
    return;
  }
  const jobs = num(values.jobs, 'jobs');
  const seed = num(values.seed, 'seed');
  const options: SimulatorOptions = {
    port: num(values.port, 'port') ?? DEFAULT_PORT,
    host: values.host ?? '127.0.0.1',
    clock: { mode: 'real', speed: num(values.speed, 'speed') ?? 1, tickMs: num(values.tick, 'tick') ?? 1000 },
    dataset:
      jobs !== undefined
        ? { kind: 'generated', jobs, ...(seed !== undefined ? { seed } : {}) }
        : { kind: 'default' },
    ...(values.user || values.password
      ? { users: [{ username: values.user ?? 'resync', password: values.password ?? 'resync' }] }
      : {}),
    ...(values.token ? { bearerTokens: values.token } : {}),
  };
  const started = Date.now();
  const sim = await startSimulator(options);
  const size =
    jobs !== undefined ? `${jobs} generated jobs in ${Date.now() - started} ms` : 'default dataset';
  process.stdout.write(
    `HWA simulator listening on ${sim.url}/api/v2 (${size}; user ${options.users?.[0]?.username ?? 'resync'})\n`,
  );
  const stop = (): void => {
    void sim.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
