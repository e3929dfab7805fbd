import { Neo4jError } from 'neo4j-driver';
import { isNeo4jOutage, translateGraphError } from '../../../subgraphs/knowledge/store/graph-db.js';

const neo = (code: string, message = code) => new Neo4jError(message, code, 'N/A', '');

describe('Neo4j errors at the knowledge boundary', () => {
  it.each([
    ['ServiceUnavailable', 'UPSTREAM_UNAVAILABLE'],
    ['Neo.TransientError.General.MemoryPoolOutOfMemoryError', 'UPSTREAM_UNAVAILABLE'],
    ['Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration', 'UPSTREAM_UNAVAILABLE'],
    ['Neo.ClientError.Statement.SyntaxError', 'INTERNAL'],
    ['Neo.ClientError.Schema.ConstraintValidationFailed', 'INTERNAL'],
    ['Neo.DatabaseError.General.UnknownError', 'INTERNAL'],
  ])('%s → %s', (code, expected) => {
    const error = translateGraphError(neo(code), 5000);
    expect(error.extensions['code']).toBe(expected);
    expect(error.originalError).toBeDefined();
  });

  it('says how long it waited when a query times out, and that the breaker is open', () => {
    expect(
      translateGraphError(Object.assign(new Error('aborted'), { name: 'AbortError' }), 1234).message,
    ).toContain('1234 ms');
    expect(
      translateGraphError(Object.assign(new Error('Breaker is open'), { code: 'EOPENBREAKER' }), 1).message,
    ).toContain('circuit open');
  });

  it('lets only outages count against the breaker', () => {
    expect(isNeo4jOutage(neo('ServiceUnavailable'))).toBe(true);
    expect(isNeo4jOutage(new Error('connect ECONNREFUSED 127.0.0.1:7687'))).toBe(true);
    expect(isNeo4jOutage(neo('Neo.TransientError.Transaction.DeadlockDetected'))).toBe(true);
    expect(isNeo4jOutage(neo('Neo.ClientError.Statement.SyntaxError'))).toBe(false);
    expect(isNeo4jOutage(neo('Neo.ClientError.Schema.ConstraintValidationFailed'))).toBe(false);
  });
});
