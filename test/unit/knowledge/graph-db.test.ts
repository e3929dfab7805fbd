// Neo4j errors are translated once, in core/neo4j, for every caller (the knowledge store and the
// @neo4j/graphql middleware alike). No client sends Cypher: a rejected statement is our bug.
import { Neo4jError } from 'neo4j-driver';
import { isNeo4jOutage, translateNeo4jError } from '../../../core/neo4j/index.js';

const neo = (code: string, message = code) => new Neo4jError(message, code, 'N/A', '');

describe('Neo4j errors', () => {
  it.each([
    ['ServiceUnavailable', 'UPSTREAM_UNAVAILABLE'],
    ['SessionExpired', 'UPSTREAM_UNAVAILABLE'],
    ['Neo.TransientError.General.MemoryPoolOutOfMemoryError', 'UPSTREAM_UNAVAILABLE'],
    ['Neo.ClientError.Transaction.TransactionTimedOut', 'UPSTREAM_UNAVAILABLE'],
    ['Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration', 'UPSTREAM_UNAVAILABLE'],
    ['Neo.ClientError.Statement.SyntaxError', 'INTERNAL'],
    ['Neo.ClientError.Statement.ParameterMissing', 'INTERNAL'],
    ['Neo.ClientError.Schema.ConstraintValidationFailed', 'INTERNAL'],
    ['Neo.DatabaseError.General.UnknownError', 'INTERNAL'],
  ])('%s → %s, cause kept', (code, expected) => {
    const error = translateNeo4jError(neo(code), { timeoutMs: 5000 });
    expect(error.extensions['code']).toBe(expected);
    expect(error.originalError).toMatchObject({ code });
  });

  it('says how long it waited when a query times out, and that the breaker is open', () => {
    const aborted = translateNeo4jError(Object.assign(new Error('aborted'), { name: 'AbortError' }), {
      timeoutMs: 1234,
    });
    expect(aborted.extensions['code']).toBe('UPSTREAM_UNAVAILABLE');
    expect(aborted.message).toContain('1234 ms');
    expect(
      translateNeo4jError(Object.assign(new Error('Breaker is open'), { code: 'EOPENBREAKER' })).message,
    ).toContain('circuit open');
  });

  it('lets only outages count against a breaker', () => {
    expect(isNeo4jOutage(neo('ServiceUnavailable'))).toBe(true);
    expect(isNeo4jOutage(new Error('connect ECONNREFUSED 127.0.0.1:7687'))).toBe(true);
    expect(isNeo4jOutage(neo('Neo.TransientError.Transaction.DeadlockDetected'))).toBe(true);
    expect(isNeo4jOutage(neo('Neo.ClientError.Transaction.TransactionTimedOut'))).toBe(true);
    expect(isNeo4jOutage(neo('Neo.ClientError.Statement.SyntaxError'))).toBe(false);
    expect(isNeo4jOutage(neo('Neo.ClientError.Schema.ConstraintValidationFailed'))).toBe(false);
  });
});
