import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { freePort } from '../../devservices/ports.js';

export interface StackProcess {
  env: Record<string, string>;
  gatewayUrl: string;
  subgraphUrls: Record<'tws' | 'knowledge' | 'rag' | 'agents' | 'health', string>;
  twsUrl: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * Starts `npm start`'s entry as a separate process on free ports, so the load generator and
 * the system under test do not share a CPU-bound event loop or a heap, and RSS is the stack's.
 */
export async function startStackProcess(
  extraEnv: Record<string, string>,
  log: (line: string) => void,
): Promise<StackProcess> {
  const ports = {
    GATEWAY_PORT: await freePort(),
    TWS_PORT: await freePort(),
    KNOWLEDGE_PORT: await freePort(),
    RAG_PORT: await freePort(),
    AGENTS_PORT: await freePort(),
    HEALTH_PORT: await freePort(),
    SIMULATOR_PORT: await freePort(),
  };
  const env: Record<string, string> = {
    ...Object.fromEntries(
      Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined),
    ),
    LOG_LEVEL: 'warn',
    // Throughput scenarios measure the serving path, not the per-user limiter (one token would
    // hit its budget in a second); scenarios about the limiter pass RATE_LIMIT_ENABLED=true.
    RATE_LIMIT_ENABLED: 'false',
    // Measure what production runs: graphql-js skips its development-only checks, Sandbox and
    // introspection are off. Production needs real secrets; fresh random ones per run.
    NODE_ENV: 'production',
    JWT_SECRET: randomBytes(32).toString('hex'),
    AUDIT_KEYS: `bench:${randomBytes(32).toString('base64')}`,
    ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
    ...extraEnv,
  };
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: new URL('../..', import.meta.url).pathname,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => log(chunk.toString().trimEnd()));
  child.stderr?.on('data', (chunk: Buffer) => log(chunk.toString().trimEnd()));
  const url = (port: number) => `http://127.0.0.1:${port}/graphql`;
  const gatewayUrl = url(ports.GATEWAY_PORT);
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`the stack exited with code ${child.exitCode} during start-up`);
    try {
      if ((await fetch(gatewayUrl.replace(/\/graphql$/, '/readyz'))).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('the stack did not become ready within 120 s');
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    env,
    gatewayUrl,
    subgraphUrls: {
      tws: url(ports.TWS_PORT),
      knowledge: url(ports.KNOWLEDGE_PORT),
      rag: url(ports.RAG_PORT),
      agents: url(ports.AGENTS_PORT),
      health: url(ports.HEALTH_PORT),
    },
    twsUrl: env['TWS_URL'] ?? `http://127.0.0.1:${ports.SIMULATOR_PORT}/twsd`,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}
