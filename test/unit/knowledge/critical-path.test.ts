import { criticalChain } from '../../../subgraphs/knowledge/graph/critical-path.js';

const j = (id: string, seconds: number) => ({ id, name: id.toUpperCase(), seconds });

describe('critical path (longest chain by estimated duration)', () => {
  it('follows the heaviest chain, not the longest in jobs', () => {
    // a(10) → b(10) → c(10)  vs  a(10) → d(100)
    const chain = criticalChain(
      [j('a', 10), j('b', 10), j('c', 10), j('d', 100)],
      [
        ['b', 'a'],
        ['c', 'b'],
        ['d', 'a'],
      ],
    );
    expect(chain.steps.map((s) => s.id)).toEqual(['a', 'd']);
    expect(chain.totalSeconds).toBe(110);
    expect(chain.steps.map((s) => [s.position, s.startOffsetSeconds])).toEqual([
      [1, 0],
      [2, 10],
    ]);
    expect(chain.jobsOnCycles).toBe(0);
  });

  it('joins: a job waiting for two branches starts after the slower one', () => {
    const chain = criticalChain(
      [j('x', 30), j('y', 15), j('t', 40), j('l', 25)],
      [
        ['t', 'x'],
        ['t', 'y'],
        ['l', 't'],
      ],
    );
    expect(chain.steps.map((s) => s.id)).toEqual(['x', 't', 'l']);
    expect(chain.totalSeconds).toBe(95);
  });

  it('breaks ties by name, so the answer is stable', () => {
    const chain = criticalChain(
      [j('b', 5), j('a', 5), j('c', 5)],
      [
        ['c', 'a'],
        ['c', 'b'],
      ],
    );
    expect(chain.steps.map((s) => s.id)).toEqual(['a', 'c']);
  });

  it('leaves jobs on a cycle out instead of looping, and says how many', () => {
    const chain = criticalChain(
      [j('a', 1), j('b', 1), j('c', 1), j('ok', 7)],
      [
        ['a', 'b'],
        ['b', 'c'],
        ['c', 'a'],
      ],
    );
    expect(chain.steps.map((s) => s.id)).toEqual(['ok']);
    expect(chain.jobsOnCycles).toBe(3);
  });

  it('ignores edges to jobs outside the stream, self-loops and duplicates', () => {
    const chain = criticalChain(
      [j('a', 1), j('b', 2)],
      [
        ['b', 'a'],
        ['b', 'a'],
        ['a', 'a'],
        ['b', 'elsewhere'],
      ],
    );
    expect(chain.steps.map((s) => s.id)).toEqual(['a', 'b']);
    expect(chain.totalSeconds).toBe(3);
  });

  it('is empty for an empty stream', () => {
    expect(criticalChain([], [])).toEqual({ steps: [], totalSeconds: 0, jobsOnCycles: 0 });
  });
});
