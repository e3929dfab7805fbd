/**
 * `npm run compose`: composes the five subgraph SDL files into schema/supergraph.graphql with
 * @apollo/composition. Exits non-zero and prints every composition error when it fails.
 */
import { writeFileSync } from 'node:fs';
import { composeSubgraphs } from '../schema/compose.js';

const result = await composeSubgraphs();
if (!result.ok) {
  process.stderr.write(`Composition failed:\n${result.errors.map((e) => `  - ${e}`).join('\n')}\n`);
  process.exit(1);
}
writeFileSync(new URL('../schema/supergraph.graphql', import.meta.url), result.supergraphSdl);
process.stdout.write(`schema/supergraph.graphql written (${result.subgraphs.join(', ')})\n`);
