import { readFileSync } from 'node:fs';
import { parse, type DocumentNode } from 'graphql';

/** Loads a subgraph's SDL file (schema first: the .graphql file is the contract). */
export function loadSdl(path: string | URL): DocumentNode {
  return parse(readFileSync(path, 'utf8'));
}
