// Local Neo4j 5 Community + APOC core for `npm start` and the test suite: the embedded server
// from Maven Central run on the installed Java by tools/neo4j/Neo4jLauncher.java. Bolt listens on
// 127.0.0.1 only and auth is disabled (a throwaway dev/test instance; see tools/neo4j/README.md).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  ensureLauncherCompiled,
  javaAvailable,
  launcherClasspath,
  neo4jArtifactsPresent,
  NEO4J_PLUGINS_DIR,
  NEO4J_TOOL_DIR,
} from './neo4j-artifacts.js';
import { describeExit, noLog, removeOnExit, spawnManaged, type LogFn } from './process.js';

export { ensureNeo4jArtifacts, javaAvailable, neo4jArtifactsPresent } from './neo4j-artifacts.js';

export interface LocalNeo4j {
  /** `bolt://127.0.0.1:PORT`; no credentials needed (pass any, or `neo4j.auth.basic('neo4j', '')`). */
  uri: string;
  boltPort: number;
  /** Shuts the database down cleanly, awaits the JVM's exit, deletes a temp data dir. Idempotent. */
  stop(): Promise<void>;
}

export interface StartNeo4jOptions {
  /**
   * Store directory, kept after stop. Without it a temp dir is used and deleted on stop.
   * @default undefined
   */
  dataDir?: string;
  /**
   * Bolt port on 127.0.0.1; 0 lets the server bind a free one itself (no race).
   * @default 0
   */
  boltPort?: number;
  /** Receives the launcher's output. Nothing goes to the console. */
  log?: LogFn;
  /**
   * Measured: 4-6 s warm on 2 cores; a slow CI machine can take much longer.
   * @default 120000
   */
  startTimeoutMs?: number;
}

// Small and quick to start rather than fast at steady state: dev and test graphs are tiny.
// C1-only JIT cut ready time from ~5.5 s to ~4.1 s here; SerialGC keeps the footprint low.
// The --add-opens and netty flags are the ones the Neo4j 5 server passes itself (neo4j.conf's
// server.jvm.additional); without them the page cache logs that it falls back to a slower mode.
const JVM_ARGS = [
  '-Xms64m',
  '-Xmx512m',
  '-XX:+UseSerialGC',
  '-XX:TieredStopAtLevel=1',
  '-XX:+ExitOnOutOfMemoryError',
  '-XX:-OmitStackTraceInFastThrow',
  '--add-opens=java.base/java.nio=ALL-UNNAMED',
  '--add-opens=java.base/java.io=ALL-UNNAMED',
  '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
  '-Dio.netty.tryReflectionSetAccessible=true',
  '-Djdk.nio.maxCachedBufferSize=1024',
  '-Dlog4j2.disable.jmx=true',
  '-Dfile.encoding=UTF-8',
];
const READY = /^NEO4J_READY (bolt:\/\/127\.0\.0\.1:(\d+))$/;

export async function startNeo4j(opts: StartNeo4jOptions = {}): Promise<LocalNeo4j> {
  const { dataDir, boltPort = 0, log = noLog, startTimeoutMs = 120_000 } = opts;
  if (!javaAvailable()) throw new Error('java not found on PATH: cannot run the local Neo4j');
  if (!neo4jArtifactsPresent()) {
    throw new Error('Neo4j jars missing: call ensureNeo4jArtifacts() (needs mvn and Maven Central)');
  }
  await ensureLauncherCompiled(log);
  const dir = dataDir ?? (await mkdtemp(join(tmpdir(), 'resync-neo4j-')));
  const forgetDir = dataDir === undefined ? removeOnExit(dir) : () => true;
  const removeDir = async () => {
    if (dataDir === undefined) await rm(dir, { recursive: true, force: true });
    forgetDir();
  };

  let onReady: (m: RegExpExecArray) => void = () => {};
  const ready = new Promise<RegExpExecArray>((resolve) => (onReady = resolve));
  const args = ['--data', dir, '--port', String(boltPort), '--plugins', NEO4J_PLUGINS_DIR];
  if (dataDir === undefined) args.push('--delete-on-exit');
  // stdin stays a pipe: the launcher exits when it reads EOF, so a JVM never outlives us, even
  // if we are SIGKILLed and no exit hook runs.
  const child = spawnManaged('java', [...JVM_ARGS, '-cp', launcherClasspath(), 'Neo4jLauncher', ...args], {
    name: 'neo4j',
    cwd: NEO4J_TOOL_DIR,
    log,
    stdin: 'pipe',
    onStdoutLine: (line) => {
      const m = READY.exec(line);
      if (m) onReady(m);
    },
  });

  let timer: NodeJS.Timeout | undefined;
  try {
    const match = await Promise.race([
      ready,
      child.exited.then((status) => {
        throw new Error(`Neo4j ${describeExit(status)} before it was ready\n${child.tail()}`);
      }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`Neo4j not ready within ${startTimeoutMs} ms\n${child.tail()}`)),
          startTimeoutMs,
        );
      }),
    ]);
    child.unref();
    let stopping: Promise<void> | undefined;
    return {
      uri: match[1] ?? '',
      boltPort: Number(match[2]),
      stop: () =>
        (stopping ??= (async () => {
          await child.stop();
          await removeDir();
        })()),
    };
  } catch (err) {
    await child.stop(5_000);
    await removeDir();
    throw err;
  } finally {
    clearTimeout(timer);
  }
}
