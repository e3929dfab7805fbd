// `npx tsx devservices/ensure-neo4j.ts`: resolve the embedded Neo4j's jars and compile its
// launcher ahead of time (CI does this before the tests; the test harness would do it lazily).
import { ensureNeo4jArtifacts } from './neo4j.js';

const started = Date.now();
await ensureNeo4jArtifacts({ log: (line) => process.stderr.write(`${line}\n`) });
process.stderr.write(`neo4j artifacts ready in ${Date.now() - started} ms\n`);
