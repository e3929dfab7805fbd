// Where the embedded Neo4j lives on disk and how it gets there: Maven resolves the jars into
// tools/neo4j/{lib,plugins} (gitignored), javac compiles the one-file launcher into classes/.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { commandWorks, noLog, runToCompletion, type LogFn } from './process.js';

export const NEO4J_TOOL_DIR = fileURLToPath(new URL('../tools/neo4j/', import.meta.url));
const POM = join(NEO4J_TOOL_DIR, 'pom.xml');
const LAUNCHER_SOURCE = join(NEO4J_TOOL_DIR, 'Neo4jLauncher.java');
export const NEO4J_LIB_DIR = join(NEO4J_TOOL_DIR, 'lib');
export const NEO4J_PLUGINS_DIR = join(NEO4J_TOOL_DIR, 'plugins');
const CLASSES_DIR = join(NEO4J_TOOL_DIR, 'classes');
// Written last by a successful resolve, holding the pom's hash: a half-finished download or a
// version bump in pom.xml both read as "missing".
const RESOLVED_MARKER = join(NEO4J_LIB_DIR, '.resolved');
const COMPILED_MARKER = join(CLASSES_DIR, '.source-hash');

/** `java` on PATH runs (Neo4j 5.26 needs 17 or 21; Debian 12 ships 17). */
export function javaAvailable(): boolean {
  return commandWorks('java', ['-version']);
}

export function neo4jArtifactsPresent(): boolean {
  return readIfExists(RESOLVED_MARKER) === hashFiles([POM]);
}

/** Resolves the jars with Maven if they are missing or stale, then compiles the launcher. */
export async function ensureNeo4jArtifacts(opts: { log?: LogFn } = {}): Promise<void> {
  const { log = noLog } = opts;
  if (!javaAvailable())
    throw new Error('java not found on PATH (Debian 12: apt-get install -y openjdk-17-jdk-headless)');
  if (!neo4jArtifactsPresent()) {
    if (!commandWorks('mvn', ['-v']))
      throw new Error('mvn not found on PATH (Debian 12: apt-get install -y maven)');
    // Start clean: copy-dependencies never deletes, so a version bump would leave two Neo4j
    // versions on the classpath.
    await rm(NEO4J_LIB_DIR, { recursive: true, force: true });
    await rm(NEO4J_PLUGINS_DIR, { recursive: true, force: true });
    log(`[neo4j] resolving jars from Maven Central into ${NEO4J_TOOL_DIR}`);
    await runToCompletion(
      'mvn',
      ['-B', '-q', '--no-transfer-progress', '-Dstyle.color=never', '-f', POM, 'generate-resources'],
      { name: 'mvn', cwd: NEO4J_TOOL_DIR, log },
    );
    await writeFile(RESOLVED_MARKER, hashFiles([POM]));
  }
  await ensureLauncherCompiled(log);
}

/**
 * Compiles Neo4jLauncher.java into classes/ when the source or the pom changed. Measured here:
 * running the source file directly (`java Neo4jLauncher.java`) adds ~0.7-1 s to every start.
 */
export async function ensureLauncherCompiled(log: LogFn = noLog): Promise<void> {
  const hash = hashFiles([LAUNCHER_SOURCE, POM]);
  if (readIfExists(COMPILED_MARKER) === hash) return;
  if (!commandWorks('javac', ['-version'])) {
    throw new Error('javac not found on PATH (Debian 12: apt-get install -y openjdk-17-jdk-headless)');
  }
  // Compile beside the target and rename, so a concurrent starter never sees half a class dir.
  const tmp = `${CLASSES_DIR}.tmp-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  try {
    await runToCompletion('javac', ['-d', tmp, '-cp', launcherClasspath([]), LAUNCHER_SOURCE], {
      name: 'javac',
      cwd: NEO4J_TOOL_DIR,
      log,
    });
    await writeFile(join(tmp, '.source-hash'), hash);
    await rm(CLASSES_DIR, { recursive: true, force: true });
    await rename(tmp, CLASSES_DIR);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/** `classes:lib/*:plugins/*`; plugins/ must be on the classpath too, for APOC's service files. */
export function launcherClasspath(prefix: string[] = [CLASSES_DIR]): string {
  return [...prefix, join(NEO4J_LIB_DIR, '*'), join(NEO4J_PLUGINS_DIR, '*')].join(delimiter);
}

function hashFiles(paths: string[]): string {
  const h = createHash('sha256');
  for (const p of paths) h.update(existsSync(p) ? readFileSync(p) : `missing:${p}`);
  return h.digest('hex');
}

function readIfExists(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8').trim() : undefined;
}
