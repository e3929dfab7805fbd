import { readFileSync } from 'node:fs';
import { Kind, parse, type DocumentNode, type EnumTypeDefinitionNode } from 'graphql';

/** The composed supergraph committed at schema/supergraph.graphql (`npm run compose`). */
export const SUPERGRAPH_PATH = new URL('../schema/supergraph.graphql', import.meta.url);

export function loadSupergraphSdl(path: string | URL = SUPERGRAPH_PATH): string {
  return readFileSync(path, 'utf8');
}

export interface SupergraphGraph {
  /** join__Graph enum value, e.g. TWS. */
  enumValue: string;
  /** Subgraph name as composed, e.g. tws. */
  name: string;
  /** URL recorded at composition time (overridden by config at run time). */
  url: string;
}

/** Reads the `join__Graph` enum: which subgraphs the supergraph was composed from. */
export function supergraphGraphs(document: DocumentNode): SupergraphGraph[] {
  const graphEnum = document.definitions.find(
    (d): d is EnumTypeDefinitionNode =>
      d.kind === Kind.ENUM_TYPE_DEFINITION && d.name.value === 'join__Graph',
  );
  return (graphEnum?.values ?? []).map((value) => {
    const graph = value.directives?.find((d) => d.name.value === 'join__graph');
    const arg = (name: string) => {
      const found = graph?.arguments?.find((a) => a.name.value === name)?.value;
      return found?.kind === Kind.STRING ? found.value : '';
    };
    return { enumValue: value.name.value, name: arg('name'), url: arg('url') };
  });
}

export function parseSupergraph(sdl: string): DocumentNode {
  return parse(sdl);
}
