import { depthArg, firstArg, idArg } from '../../../subgraphs/knowledge/validate.js';

const limits = { maxDepth: 10, maxResults: 100 };

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as { extensions?: { code?: string } }).extensions?.code;
  }
  return 'no error';
};

describe('argument limits', () => {
  it('accepts depths from 1 to KNOWLEDGE_MAX_DEPTH and defaults when absent', () => {
    expect(depthArg(undefined, limits, 1)).toBe(1);
    expect(depthArg(10, limits, 1)).toBe(10);
    expect(depthArg(null, limits, 10)).toBe(10);
  });

  it.each([[0], [11], [-1], [2.5]])('refuses depth %p with BAD_USER_INPUT', (depth) => {
    expect(codeOf(() => depthArg(depth, limits, 1))).toBe('BAD_USER_INPUT');
  });

  it('accepts first from 0 to KNOWLEDGE_MAX_RESULTS', () => {
    expect(firstArg(0, limits, 5)).toBe(0);
    expect(firstArg(undefined, limits, 5)).toBe(5);
    expect(codeOf(() => firstArg(101, limits, 5))).toBe('BAD_USER_INPUT');
  });

  it('refuses empty or absurd ids', () => {
    expect(idArg('jobStreamId', 'abc')).toBe('abc');
    expect(codeOf(() => idArg('jobStreamId', '  '))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => idArg('jobStreamId', 'x'.repeat(300)))).toBe('BAD_USER_INPUT');
  });
});
