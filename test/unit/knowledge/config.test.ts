import { ConfigError, KNOWN_ENV_VARS, configFrom } from '../../../core/config/index.js';

describe('knowledge config section', () => {
  it('defaults to a first-run sync, a periodic incremental sync and bounded walks', () => {
    const { knowledge } = configFrom({});
    expect(knowledge).toEqual({
      graph: 'default',
      syncOnStart: 'if-empty',
      syncIntervalMs: 900_000,
      syncBatchSize: 5_000,
      syncTimeoutMs: 900_000,
      syncLockWaitMs: 12_000,
      queryTimeoutMs: 5_000,
      maxDepth: 50,
      maxResults: 1_000,
    });
    // An admin's sync gives up waiting for another replica before the gateway gives up on it.
    expect(knowledge.syncLockWaitMs).toBeLessThan(configFrom({}).limits.subgraphTimeoutMs);
    expect(KNOWN_ENV_VARS).toEqual(
      expect.arrayContaining(['KNOWLEDGE_GRAPH', 'KNOWLEDGE_SYNC_ON_START', 'KNOWLEDGE_MAX_DEPTH']),
    );
  });

  it('reads every variable', () => {
    const { knowledge } = configFrom({
      KNOWLEDGE_GRAPH: 'prod-eu.1',
      KNOWLEDGE_SYNC_ON_START: 'never',
      KNOWLEDGE_SYNC_INTERVAL_MS: '0',
      KNOWLEDGE_SYNC_BATCH_SIZE: '1000',
      KNOWLEDGE_SYNC_TIMEOUT_MS: '60000',
      KNOWLEDGE_QUERY_TIMEOUT_MS: '2500',
      KNOWLEDGE_MAX_DEPTH: '10',
      KNOWLEDGE_MAX_RESULTS: '50',
    });
    expect(knowledge).toMatchObject({
      graph: 'prod-eu.1',
      syncOnStart: 'never',
      syncIntervalMs: 0,
      syncBatchSize: 1000,
      maxDepth: 10,
      maxResults: 50,
    });
  });

  it('reports every bad value at once', () => {
    let error: unknown;
    try {
      configFrom({
        KNOWLEDGE_GRAPH: 'bad name!',
        KNOWLEDGE_SYNC_ON_START: 'sometimes',
        KNOWLEDGE_MAX_DEPTH: '0',
        KNOWLEDGE_SYNC_BATCH_SIZE: '10',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of [
      'KNOWLEDGE_GRAPH',
      'KNOWLEDGE_SYNC_ON_START',
      'KNOWLEDGE_MAX_DEPTH',
      'KNOWLEDGE_SYNC_BATCH_SIZE',
    ]) {
      expect(problems).toContain(name);
    }
  });
});
