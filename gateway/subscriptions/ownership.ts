import { Kind, type DocumentNode, type FieldDefinitionNode, type ObjectTypeDefinitionNode } from 'graphql';
import { supergraphGraphs } from '../supergraph.js';

/**
 * Maps each root Subscription field to the subgraph that owns it, read from the supergraph's
 * join metadata (`@join__field(graph:)` on the field, else `@join__type(graph:)` on the type).
 */
export function subscriptionOwners(supergraph: DocumentNode): Map<string, string> {
  const graphs = new Map(supergraphGraphs(supergraph).map((g) => [g.enumValue, g.name]));
  const owners = new Map<string, string>();
  const subscriptionTypes = supergraph.definitions.filter(
    (d): d is ObjectTypeDefinitionNode =>
      d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === 'Subscription',
  );
  for (const type of subscriptionTypes) {
    const typeGraphs = graphArgs(type.directives, 'join__type');
    for (const field of type.fields ?? []) {
      const fieldGraphs = graphArgs((field as FieldDefinitionNode).directives, 'join__field');
      const graph = fieldGraphs[0] ?? (typeGraphs.length === 1 ? typeGraphs[0] : undefined);
      const name = graph === undefined ? undefined : graphs.get(graph);
      if (name !== undefined) owners.set(field.name.value, name);
    }
  }
  return owners;
}

function graphArgs(directives: ObjectTypeDefinitionNode['directives'], directive: string): string[] {
  const out: string[] = [];
  for (const d of directives ?? []) {
    if (d.name.value !== directive) continue;
    const graph = d.arguments?.find((a) => a.name.value === 'graph')?.value;
    if (graph?.kind === Kind.ENUM) out.push(graph.value);
  }
  return out;
}
