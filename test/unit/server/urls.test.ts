import { loopbackHost, probeUrl } from '../../../core/server/index.js';

describe('server URL helpers', () => {
  it('reach a wildcard bind through loopback, any other host as is', () => {
    expect(loopbackHost('0.0.0.0')).toBe('127.0.0.1');
    expect(loopbackHost('::')).toBe('127.0.0.1');
    expect(loopbackHost('10.0.0.5')).toBe('10.0.0.5');
  });

  it('find the probes next to a GraphQL endpoint', () => {
    expect(probeUrl('http://tws:4001/graphql', 'readyz')).toBe('http://tws:4001/readyz');
    expect(probeUrl('http://tws:4001/graphql/', 'healthz')).toBe('http://tws:4001/healthz');
  });
});
