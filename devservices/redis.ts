// Local Redis for `npm start` and the test suite: a real redis-server child process.
import { LOCALHOST } from './ports.js';
import { commandWorks, noLog, type LogFn } from './process.js';
import { spawnRedisServer } from './redis-server.js';

export { startRedisCluster, type LocalRedisCluster, type StartRedisClusterOptions } from './redis-cluster.js';

export interface LocalRedis {
  /** `redis://127.0.0.1:PORT` (no auth, no TLS: localhost only). */
  url: string;
  port: number;
  /** Stops the server (SIGTERM) and resolves after it exited. Safe to call repeatedly. */
  stop(): Promise<void>;
}

export interface StartRedisOptions {
  /**
   * TCP port on 127.0.0.1; 0 picks a free one.
   * @default 0
   */
  port?: number;
  /**
   * Persist to this directory (RDB snapshot every 60 s after a write, and on stop). Without it
   * nothing is written to disk.
   * @default undefined
   */
  dataDir?: string;
  /** Receives every line redis-server prints. Nothing goes to the console. */
  log?: LogFn;
}

/** True if `redis-server` is on PATH (Debian: `apt-get install redis-server`). */
export function redisServerAvailable(): boolean {
  return commandWorks('redis-server', ['--version']);
}

export async function startRedis(opts: StartRedisOptions = {}): Promise<LocalRedis> {
  const { port = 0, dataDir, log = noLog } = opts;
  if (!redisServerAvailable()) {
    throw new Error('redis-server not found on PATH (Debian/Ubuntu: apt-get install -y redis-server)');
  }
  const server = await spawnRedisServer({
    port,
    name: 'redis',
    log,
    // Later arguments win, so these override the no-persistence defaults.
    extraArgs: () => (dataDir === undefined ? [] : ['--dir', dataDir, '--save', '60 1']),
  });
  return {
    url: `redis://${LOCALHOST}:${server.port}`,
    port: server.port,
    stop: async () => {
      await server.child.stop();
    },
  };
}
