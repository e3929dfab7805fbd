import { parse } from 'graphql';
import { subscriptionOwners } from '../../../gateway/subscriptions/ownership.js';
import { loadSupergraphSdl, supergraphGraphs } from '../../../gateway/supergraph.js';

describe('supergraph join metadata', () => {
  const supergraph = parse(loadSupergraphSdl());

  it('lists the five subgraphs', () => {
    expect(
      supergraphGraphs(supergraph)
        .map((g) => g.name)
        .sort(),
    ).toEqual(['agents', 'health', 'knowledge', 'rag', 'tws']);
  });

  it('routes each subscription root field to the subgraph that owns it', () => {
    const owners = subscriptionOwners(supergraph);
    expect(owners.get('healthChanged')).toBe('health');
    for (const owner of owners.values())
      expect(['agents', 'health', 'knowledge', 'rag', 'tws']).toContain(owner);
  });
});
