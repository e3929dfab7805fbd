import type { PlanNode } from '@apollo/query-planner';
import { executeRest, type SubgraphOperation } from '../../../gateway/subscriptions/rest-executor.js';

describe('subscription rest-plan executor', () => {
  it('fetches entities for every object on a Flatten path and merges them in place', async () => {
    const plan: PlanNode = {
      kind: 'Flatten',
      path: ['jobStatusChanged', 'job'],
      node: {
        kind: 'Fetch',
        serviceName: 'knowledge',
        requires: [
          {
            kind: 'InlineFragment',
            typeCondition: 'Job',
            selections: [
              { kind: 'Field', name: '__typename' },
              { kind: 'Field', name: 'id' },
            ],
          },
        ],
        variableUsages: ['depth'],
        operation:
          'query($representations:[_Any!]!,$depth:Int){_entities(representations:$representations){...on Job{impact{count}}}}',
        operationName: undefined,
        operationKind: 'query' as never,
      },
    };
    const calls: Array<{ service: string; variables: Record<string, unknown> }> = [];
    const send: SubgraphOperation = async (service, _query, variables) => {
      calls.push({ service, variables });
      return { data: { _entities: [{ impact: { count: 4 } }] } };
    };
    const data = {
      jobStatusChanged: { status: 'ERROR', job: { __typename: 'Job', id: 'j1', name: 'LOAD_DW_SALES' } },
    };
    const errors = await executeRest(plan, data, { depth: 2, unrelated: true }, send);
    expect(errors).toEqual([]);
    expect(calls).toEqual([
      { service: 'knowledge', variables: { depth: 2, representations: [{ __typename: 'Job', id: 'j1' }] } },
    ]);
    expect(data.jobStatusChanged.job).toEqual({
      __typename: 'Job',
      id: 'j1',
      name: 'LOAD_DW_SALES',
      impact: { count: 4 },
    });
  });

  it('walks lists with @, runs Sequence in order, and returns subgraph errors', async () => {
    const fetchNode = (service: string): PlanNode => ({
      kind: 'Flatten',
      path: ['items', '@'],
      node: {
        kind: 'Fetch',
        serviceName: service,
        requires: [
          { kind: 'Field', name: '__typename' },
          { kind: 'Field', name: 'id' },
        ],
        operation: 'q',
        operationName: undefined,
        operationKind: 'query' as never,
      },
    });
    const order: string[] = [];
    const send: SubgraphOperation = async (service, _q, variables) => {
      order.push(service);
      const reps = variables['representations'] as Array<{ id: string }>;
      return {
        data: { _entities: reps.map((r) => ({ [service]: r.id })) },
        errors: service === 'b' ? [{ message: 'partial', path: ['_entities', 1, 'b'] }] : [],
      };
    };
    const data = { items: [{ __typename: 'T', id: '1' }, null, { __typename: 'T', id: '2' }] };
    const errors = await executeRest(
      { kind: 'Sequence', nodes: [fetchNode('a'), fetchNode('b')] },
      data,
      {},
      send,
    );
    expect(order).toEqual(['a', 'b']);
    // The error of the second entity is reported where that object sits in the client's result.
    expect(errors).toEqual([{ message: 'partial', path: ['items', 2, 'b'] }]);
    expect(data.items).toEqual([
      { __typename: 'T', id: '1', a: '1', b: '1' },
      null,
      { __typename: 'T', id: '2', a: '2', b: '2' },
    ]);
  });
});
