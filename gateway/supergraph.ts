import { readFileSync } from 'node:fs';

/** The composed supergraph committed at schema/supergraph.graphql (`npm run compose`). */
export function loadSupergraphSdl(): string {
  return readFileSync(new URL('../schema/supergraph.graphql', import.meta.url), 'utf8');
}
