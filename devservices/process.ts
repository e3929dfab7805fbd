// Child-process plumbing shared by the Redis and Neo4j launchers: spawn with line-wise logging,
// an idempotent stop that awaits the exit, and a last-resort kill when this process exits.
import { spawn, spawnSync, type ChildProcess, type StdioOptions } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

export type LogFn = (line: string) => void;
export const noLog: LogFn = () => {};

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the process could not be spawned at all (e.g. ENOENT). */
  error?: Error;
}

export interface ManagedChild {
  readonly proc: ChildProcess;
  /** Resolves once the process has exited and its stdio is closed (never rejects). */
  readonly exited: Promise<ExitStatus>;
  hasExited(): boolean;
  /** The last lines of output, for error messages. */
  tail(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves after the exit. Safe to call repeatedly. */
  stop(graceMs?: number): Promise<ExitStatus>;
  /** Let this process exit while the child runs (the exit hook still stops the child). */
  unref(): void;
}

export interface SpawnOptions {
  name: string;
  cwd?: string;
  log?: LogFn;
  /** 'pipe' keeps a stdin pipe open: a child that watches for EOF dies with us (Neo4jLauncher). */
  stdin?: 'pipe' | 'ignore';
  onStdoutLine?: (line: string) => void;
  /**
   * Have the kernel SIGTERM the child if this process dies, even by SIGKILL (no exit hook runs
   * then). Uses `setpriv --pdeathsig` (util-linux, essential on Debian) when present.
   * @default true
   */
  dieWithParent?: boolean;
}

const TAIL_LINES = 40;
// eslint-disable-next-line no-control-regex -- matching terminal escape sequences is the point
const ANSI_ESCAPES = /\u001b\[[0-9;]*[A-Za-z]/g;

export function spawnManaged(cmd: string, args: readonly string[], opts: SpawnOptions): ManagedChild {
  const { name, cwd, log = noLog, stdin = 'ignore', onStdoutLine, dieWithParent = true } = opts;
  const stdio: StdioOptions = [stdin, 'pipe', 'pipe'];
  // setpriv execs the command in place, so the pid we hold is the server's own.
  const [file, argv] = dieWithParent && pdeathsigAvailable() ? PDEATHSIG_WRAP(cmd, args) : [cmd, args];
  const proc = spawn(file, argv, { cwd, stdio, windowsHide: true });
  const lines: string[] = [];
  const record = (stream: string) => (raw: string) => {
    const line = raw.replace(ANSI_ESCAPES, ''); // redis-cli colours its output even into a pipe
    if (line.trim() === '') return;
    lines.push(line);
    if (lines.length > TAIL_LINES) lines.shift();
    log(`[${name}${stream}] ${line}`);
  };
  const onOut = record('');
  readLines(proc.stdout, (line) => {
    onOut(line);
    onStdoutLine?.(line.replace(ANSI_ESCAPES, ''));
  });
  readLines(proc.stderr, record(':err'));
  // A dead child turns our writes/close into EPIPE; that is expected, not an error to surface.
  proc.stdin?.on('error', () => {});

  let done = false;
  const exited = new Promise<ExitStatus>((resolve) => {
    proc.once('error', (error) => {
      if (proc.pid === undefined) {
        done = true;
        resolve({ code: null, signal: null, error });
      }
    });
    proc.once('close', (code, signal) => {
      done = true;
      resolve({ code, signal });
    });
  });
  const unregister = onProcessExit(() => {
    if (!done) proc.kill('SIGTERM');
  });
  void exited.then(unregister);

  let stopping: Promise<ExitStatus> | undefined;
  const stop = (graceMs = 15_000): Promise<ExitStatus> => {
    stopping ??= (async () => {
      if (done) return exited;
      setRef(proc, true);
      proc.stdin?.end();
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    })();
    return stopping;
  };

  return {
    proc,
    exited,
    hasExited: () => done,
    tail: () => lines.join('\n'),
    stop,
    unref: () => setRef(proc, false),
  };
}

function readLines(stream: Readable | null, onLine: (line: string) => void): void {
  if (!stream) return;
  createInterface({ input: stream, crlfDelay: Infinity }).on('line', onLine);
}

// ChildProcess.ref/unref cover the process handle only; the pipes are sockets with their own refs.
function setRef(proc: ChildProcess, ref: boolean): void {
  const handles: unknown[] = [proc, proc.stdin, proc.stdout, proc.stderr];
  for (const h of handles) {
    const refable = h as { ref?: () => void; unref?: () => void } | null;
    if (ref) refable?.ref?.();
    else refable?.unref?.();
  }
}

/** Describe how a child ended, for error messages. */
export function describeExit(status: ExitStatus): string {
  if (status.error) return status.error.message;
  return status.signal ? `killed by ${status.signal}` : `exited with code ${String(status.code)}`;
}

// --- last-resort cleanup -------------------------------------------------------------------------
// 'exit' handlers must be synchronous: they send signals and delete temp dirs, nothing more.
// (A SIGKILLed parent runs no handler at all; Neo4j covers that by watching its stdin.)
const exitHooks = new Set<() => void>();
let exitHandlerInstalled = false;

export function onProcessExit(hook: () => void): () => void {
  if (!exitHandlerInstalled) {
    exitHandlerInstalled = true;
    process.on('exit', () => {
      for (const h of exitHooks) {
        try {
          h();
        } catch {
          // best effort: one failing hook must not keep the others from running
        }
      }
    });
  }
  exitHooks.add(hook);
  return () => exitHooks.delete(hook);
}

/** Remove `dir` when this process exits unless the returned function is called first. */
export function removeOnExit(dir: string): () => void {
  return onProcessExit(() => rmSync(dir, { recursive: true, force: true }));
}

// The death signal fires when the spawning *thread* exits; Node spawns from the main thread.
const PDEATHSIG_WRAP = (cmd: string, args: readonly string[]): [string, string[]] => [
  'setpriv',
  ['--pdeathsig', 'TERM', '--', cmd, ...args],
];

function pdeathsigAvailable(): boolean {
  return process.platform === 'linux' && commandWorks('setpriv', ['--pdeathsig', 'TERM', '--', 'true']);
}

// --- tool detection --------------------------------------------------------------------------------
const probeCache = new Map<string, boolean>();

/** True if `cmd args` runs and exits 0. Cached: a missing tool does not appear mid-run. */
export function commandWorks(cmd: string, args: readonly string[]): boolean {
  const key = [cmd, ...args].join('\0');
  let ok = probeCache.get(key);
  if (ok === undefined) {
    const r = spawnSync(cmd, args, { stdio: 'ignore', timeout: 15_000 });
    ok = r.error === undefined && r.status === 0;
    probeCache.set(key, ok);
  }
  return ok;
}

/** Run a command to completion, logging its output; rejects with the output tail on failure. */
export async function runToCompletion(
  cmd: string,
  args: readonly string[],
  opts: { name: string; cwd?: string; log?: LogFn },
): Promise<void> {
  const child = spawnManaged(cmd, args, opts);
  const status = await child.exited;
  if (status.code !== 0) {
    throw new Error(`${opts.name}: \`${cmd} ${args.join(' ')}\` ${describeExit(status)}\n${child.tail()}`);
  }
}
