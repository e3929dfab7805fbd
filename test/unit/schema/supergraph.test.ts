import { readFileSync } from 'node:fs';
import { composeSubgraphs } from '../../../schema/compose.js';

describe('schema/supergraph.graphql', () => {
  it('composes without errors and matches the committed file (run `npm run compose`)', async () => {
    const result = await composeSubgraphs();
    if (!result.ok) throw new Error(`composition failed:\n${result.errors.join('\n')}`);
    const committed = readFileSync(new URL('../../../schema/supergraph.graphql', import.meta.url), 'utf8');
    expect(result.supergraphSdl === committed).toBe(true);
  });
});
