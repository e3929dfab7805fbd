// One redis-server child on 127.0.0.1, not daemonized (so we own its pid and its exit), ready
// once it answers PING. Used by startRedis and by each node of startRedisCluster.
import { isAddressInUse, freePort, LOCALHOST, sleep } from './ports.js';
import { describeExit, noLog, spawnManaged, type LogFn, type ManagedChild } from './process.js';
import { redisCommand } from './resp.js';

export interface RedisServerOptions {
  /** 0 = pick a free port (retried if another process grabs it first). */
  port: number;
  /** Extra `--name value` arguments (cluster settings, persistence), computed per attempt. */
  extraArgs?: (port: number) => string[] | Promise<string[]>;
  name: string;
  log?: LogFn;
  startTimeoutMs?: number;
}

export interface RedisServerProcess {
  port: number;
  child: ManagedChild;
}

const MAX_PORT_ATTEMPTS = 5;

export function redisServerArgs(port: number): string[] {
  // prettier-ignore
  return [
    '--port', String(port),
    '--bind', LOCALHOST,
    '--daemonize', 'no',
    '--save', '',
    '--appendonly', 'no',
    // Log to stdout (captured line by line into the log callback).
    '--logfile', '',
  ];
}

export async function spawnRedisServer(opts: RedisServerOptions): Promise<RedisServerProcess> {
  const { port: wanted, extraArgs, name, log = noLog, startTimeoutMs = 10_000 } = opts;
  for (let attempt = 1; ; attempt++) {
    const port = wanted === 0 ? await freePort() : wanted;
    const args = [...redisServerArgs(port), ...((await extraArgs?.(port)) ?? [])];
    const child = spawnManaged('redis-server', args, { name: `${name}:${port}`, log });
    try {
      await waitForPing(child, port, startTimeoutMs);
      child.unref();
      return { port, child };
    } catch (err) {
      await child.stop(2_000);
      const retry = wanted === 0 && attempt < MAX_PORT_ATTEMPTS && isAddressInUse(child.tail());
      if (!retry) throw err;
      log(`[${name}] port ${port} was taken before redis-server bound it; retrying`);
    }
  }
}

async function waitForPing(child: ManagedChild, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.hasExited()) {
      const status = await child.exited;
      throw new Error(
        `redis-server on :${port} ${describeExit(status)} before it was ready\n${child.tail()}`,
      );
    }
    try {
      if ((await redisCommand(port, ['PING'], 500)) === 'PONG') {
        // Make sure the PONG is ours, not from a server that already held the port (ours then
        // exits with "Address already in use", which the caller turns into a retry).
        const info = await redisCommand(port, ['INFO', 'server'], 500);
        if (info.includes(`process_id:${String(child.proc.pid)}\r\n`)) return;
      }
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      throw new Error(`redis-server on :${port} did not answer PING within ${timeoutMs} ms\n${child.tail()}`);
    }
    await sleep(25);
  }
}
