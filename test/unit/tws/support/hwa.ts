// Builds an HWA client against a simulator (manual clock, port 0) with a private metrics registry
// and a logger whose lines the test can read.
import { Writable } from 'node:stream';
import { Registry } from 'prom-client';
import { createHwaClient, type HwaClient, type HwaClientOptions } from '../../../../core/hwa/index.js';
import { createLogger } from '../../../../core/logger.js';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../../../simulator/index.js';

export const FIXED_NOW = new Date('2026-03-09T15:00:00.000Z');

export interface LogCapture {
  lines: Array<Record<string, unknown>>;
  logger: ReturnType<typeof createLogger>;
}

export function captureLogger(): LogCapture {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n'))
        if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: createLogger({ service: 'test', level: 'debug', destination }) };
}

export interface HwaFixture {
  sim: RunningSimulator;
  client: HwaClient;
  registry: Registry;
  log: LogCapture;
  /** Reads one sample of a metric from the client's registry. */
  metric(name: string, labels: Record<string, string>): Promise<number>;
  stop(): Promise<void>;
}

export async function startHwaFixture(
  overrides: Partial<HwaClientOptions> = {},
  simOptions: SimulatorOptions = {},
): Promise<HwaFixture> {
  const sim = await startSimulator({ port: 0, clock: { mode: 'manual', now: FIXED_NOW }, ...simOptions });
  const registry = new Registry();
  const log = captureLogger();
  const client = createHwaClient({
    url: sim.url,
    credentials: { kind: 'basic', username: 'resync', password: 'resync' },
    timeoutMs: 2000,
    simulated: true,
    registry,
    logger: log.logger,
    sleep: async () => undefined,
    ...overrides,
  });
  return {
    sim,
    client,
    registry,
    log,
    async metric(name, labels) {
      const metric = await registry.getSingleMetric(name)?.get();
      const sample = metric?.values.find((v) =>
        Object.entries(labels).every(([k, value]) => v.labels[k] === value),
      );
      return sample?.value ?? 0;
    },
    async stop() {
      await client.close();
      await sim.stop();
    },
  };
}
