import { validate } from 'graphql';
import { createSubscriptionPlanner } from '../../../gateway/subscriptions/planner.js';
import { loadSupergraphSdl } from '../../../gateway/supergraph.js';
import {
  loadOperationDocuments,
  loadOperations,
  OPERATION_NAMES,
} from '../../../subgraphs/agents/tools/operations.js';

// Agent tools are GraphQL operations sent through the gateway. They are checked against the API
// schema of the committed supergraph, so a change in tws, knowledge or rag that breaks a tool
// fails here instead of in a chat.
const apiSchema = createSubscriptionPlanner(loadSupergraphSdl()).apiSchema;

describe('agent tool operations', () => {
  const files = loadOperationDocuments();

  it('define exactly the operations the tools and actions send', () => {
    expect([...loadOperations().keys()].sort()).toEqual([...OPERATION_NAMES].sort());
  });

  it.each(files.map((f) => [f.file, f.document] as const))(
    '%s is valid against the composed API schema',
    (_file, document) => {
      expect(validate(apiSchema, document).map((e) => e.message)).toEqual([]);
    },
  );

  it('sends each operation with the fragments it uses', () => {
    const rerun = loadOperations().get('AgentRerunJob')!.text;
    expect(rerun).toContain('mutation AgentRerunJob');
    expect(rerun).toContain('fragment AgentActionResult on Job');
    const standalone = loadOperations().get('AgentFindJobs')!.text;
    expect(standalone).not.toContain('fragment');
  });

  it('knows each operation kind from its definition: only the approved actions mutate', () => {
    const mutations = [...loadOperations()].filter(([, op]) => op.kind === 'mutation').map(([name]) => name);
    expect(mutations.sort()).toEqual(['AgentCancelJob', 'AgentHoldJob', 'AgentReleaseJob', 'AgentRerunJob']);
  });
});
