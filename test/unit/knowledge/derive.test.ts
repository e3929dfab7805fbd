import { deriveWaits, type DeclaredDependency } from '../../../subgraphs/knowledge/sync/derive.js';

// Two streams: S (a → b → c, plus a lone d) and T (x → y, x → z).
const membership = {
  streamOf: new Map([
    ['a', 'S'],
    ['b', 'S'],
    ['c', 'S'],
    ['d', 'S'],
    ['x', 'T'],
    ['y', 'T'],
    ['z', 'T'],
  ]),
  jobsOf: new Map([
    ['S', ['a', 'b', 'c', 'd']],
    ['T', ['x', 'y', 'z']],
  ]),
};
const job = (id: string) => ({ label: 'Job' as const, id });
const stream = (id: string) => ({ label: 'JobStream' as const, id });
const internal: DeclaredDependency[] = [
  { owner: job('b'), target: job('a'), dependencyType: 'INTERNAL' },
  { owner: job('c'), target: job('b'), dependencyType: 'INTERNAL' },
  { owner: job('y'), target: job('x'), dependencyType: 'INTERNAL' },
  { owner: job('z'), target: job('x'), dependencyType: 'INTERNAL' },
];
const pairs = (deps: DeclaredDependency[]) =>
  deriveWaits(deps, membership)
    .map((e) => `${e.from.id}>${e.to.id}`)
    .sort();

describe('derived WAITS_FOR edges', () => {
  it('keeps job-to-job dependencies as they are', () => {
    expect(pairs(internal)).toEqual(['b>a', 'c>b', 'y>x', 'z>x']);
  });

  it('a job waiting for a whole stream waits for its last jobs', () => {
    const edges = deriveWaits(
      [...internal, { owner: job('a'), target: stream('T'), dependencyType: 'EXTERNAL_JOBSTREAM' }],
      membership,
    );
    const extra = edges.filter((e) => e.from.id === 'a');
    expect(extra.map((e) => e.to.id).sort()).toEqual(['y', 'z']);
    expect(extra[0]!.props).toEqual({
      dependencyType: 'EXTERNAL_JOBSTREAM',
      declaredBy: 'job',
      onJobStream: 'T',
    });
  });

  it('a stream waiting for a job makes its first jobs wait for it', () => {
    const edges = deriveWaits(
      [...internal, { owner: stream('S'), target: job('y'), dependencyType: 'EXTERNAL_JOB' }],
      membership,
    );
    const extra = edges.filter((e) => e.to.id === 'y');
    // a and d have no predecessor inside S; b and c already wait for a.
    expect(extra.map((e) => e.from.id).sort()).toEqual(['a', 'd']);
    expect(extra[0]!.props).toEqual({
      dependencyType: 'EXTERNAL_JOB',
      declaredBy: 'jobStream',
      onJobStream: undefined,
    });
  });

  it('a stream waiting for a stream joins first jobs to last jobs', () => {
    expect(
      pairs([...internal, { owner: stream('S'), target: stream('T'), dependencyType: 'EXTERNAL_JOBSTREAM' }]),
    ).toEqual(['a>y', 'a>z', 'b>a', 'c>b', 'd>y', 'd>z', 'y>x', 'z>x']);
  });

  it('falls back to every job of a stream whose jobs all sit on a cycle', () => {
    const cyclic: DeclaredDependency[] = [
      { owner: job('x'), target: job('y'), dependencyType: 'INTERNAL' },
      { owner: job('y'), target: job('z'), dependencyType: 'INTERNAL' },
      { owner: job('z'), target: job('x'), dependencyType: 'INTERNAL' },
      { owner: job('a'), target: stream('T'), dependencyType: 'EXTERNAL_JOBSTREAM' },
    ];
    expect(pairs(cyclic).filter((p) => p.startsWith('a>'))).toEqual(['a>x', 'a>y', 'a>z']);
  });

  it('drops self-loops and keeps the most specific reason for a duplicate edge', () => {
    const edges = deriveWaits(
      [
        { owner: stream('S'), target: job('x'), dependencyType: 'EXTERNAL_JOB' },
        { owner: job('a'), target: job('x'), dependencyType: 'EXTERNAL_JOB' },
        { owner: job('a'), target: job('a'), dependencyType: 'INTERNAL' },
      ],
      membership,
    );
    const ax = edges.filter((e) => e.from.id === 'a');
    expect(ax).toHaveLength(1);
    expect(ax[0]!.props['declaredBy']).toBe('job');
  });
});
