import type { JobInPlan, JobStreamInPlan, WorkstationInPlan } from '../../../core/hwa/index.js';
import { SnapshotBuilder } from '../../../subgraphs/knowledge/sync/snapshot-builder.js';

// HWA V2 payloads trimmed to what the mapping reads (HCL field names).
const ws = (id: string, name: string, type = 'AGENT'): WorkstationInPlan =>
  ({ id, name, type }) as WorkstationInPlan;
const stream = (id: string, name: string, extra: Partial<JobStreamInPlan> = {}): JobStreamInPlan =>
  ({
    id,
    name,
    workstation: 'AGT1',
    workstationId: 'w1',
    key: `/AGT1#/${name}`,
    ...extra,
  }) as JobStreamInPlan;
const job = (id: string, name: string, streamId: string, extra: Partial<JobInPlan> = {}): JobInPlan =>
  ({
    id,
    name,
    jobStreamId: streamId,
    jobStreamName: streamId.toUpperCase(),
    workstation: 'AGT1',
    workstationId: 'w1',
    jobOptions: { critical: false },
    jobDefinition: { name, estimatedDuration: 'PT10M' },
    ...extra,
  }) as JobInPlan;

function build(setup: (b: SnapshotBuilder) => void) {
  const b = new SnapshotBuilder();
  b.addWorkstation(ws('w1', 'AGT1'));
  b.addWorkstation(ws('w2', 'AGT2'));
  b.addWorkstation(ws('p1', 'POOL1', 'POOL'));
  setup(b);
  return b.build();
}

describe('HWA payloads → graph snapshot', () => {
  it('maps jobs, streams, workstations and their containment and runs-on edges', () => {
    const snap = build((b) => {
      b.addJobStream(stream('s1', 'ETL'));
      b.addJob(
        job('j1', 'LOAD', 's1', {
          jobOptions: { critical: true },
          jobDefinition: { name: 'LOAD_DEF', estimatedDuration: 'PT25M' },
        }),
      );
    });
    expect(snap.nodes.get('Job:j1')?.props).toEqual({
      name: 'LOAD',
      key: undefined,
      jobStreamId: 's1',
      jobStreamName: 'S1',
      workstation: 'AGT1',
      critical: true,
      estimatedSeconds: 1500,
      definition: 'LOAD_DEF',
    });
    expect([...snap.edges.keys()].sort()).toEqual(['CONTAINS:s1>j1', 'RUNS_ON:j1>w1', 'RUNS_ON:s1>w1']);
  });

  it('falls back to the last run estimate, then to 0', () => {
    const snap = build((b) => {
      b.addJobStream(stream('s1', 'ETL'));
      b.addJob(
        job('j1', 'A', 's1', { jobDefinition: {}, jobruns: [{ timeInfo: { estimatedDuration: 'PT2M' } }] }),
      );
      b.addJob(job('j2', 'B', 's1', { jobDefinition: {} }));
    });
    expect(snap.nodes.get('Job:j1')?.props['estimatedSeconds']).toBe(120);
    expect(snap.nodes.get('Job:j2')?.props['estimatedSeconds']).toBe(0);
  });

  it('maps every modelled dependency type with its conditions', () => {
    const snap = build((b) => {
      b.addJobStream(stream('s1', 'A'));
      b.addJobStream(stream('s2', 'B'));
      b.addJob(job('a1', 'A1', 's1'));
      b.addJob(
        job('b1', 'B1', 's2', {
          dependencies: [
            {
              dependencyType: 'EXTERNAL_JOB',
              id: 'd1',
              jobId: 'a1',
              statusConditions: ['SUCC', 'ABEND'],
              outputConditions: ['RC_OK'],
              conditional: true,
            },
            { dependencyType: 'EXTERNAL_JOBSTREAM', id: 'd2', jobStreamId: 's1' },
            {
              dependencyType: 'RESOURCE',
              id: 'd3',
              name: 'SLOTS',
              workstation: 'AGT2',
              workstationId: 'w2',
              quantity: 2,
              totalQuantity: 4,
            },
            { dependencyType: 'PROMPT', id: 'd4', promptName: 'GO', text: 'Go ahead?' },
          ] as JobInPlan['dependencies'],
        }),
      );
    });
    expect(snap.edges.get('DEPENDS_ON:b1>a1')?.props).toEqual({
      dependencyType: 'EXTERNAL_JOB',
      dependencyId: 'd1',
      statusConditions: ['ABEND', 'SUCC'],
      outputConditions: ['RC_OK'],
      conditional: true,
    });
    expect(snap.edges.get('DEPENDS_ON:b1>s1')?.props['dependencyType']).toBe('EXTERNAL_JOBSTREAM');
    expect(snap.nodes.get('Resource:resource:AGT2#SLOTS')?.props).toEqual({
      name: 'SLOTS',
      workstation: 'AGT2',
      total: 4,
    });
    expect(snap.edges.get('NEEDS:b1>resource:AGT2#SLOTS')?.props).toEqual({
      quantity: 2,
      dependencyId: 'd3',
    });
    expect(snap.edges.has('DEFINED_ON:resource:AGT2#SLOTS>w2')).toBe(true);
    expect(snap.nodes.get('Prompt:prompt:GO')?.props).toEqual({ name: 'GO', text: 'Go ahead?' });
    expect(snap.edges.has('ASKS:b1>prompt:GO')).toBe(true);
    // Derived: b1 waits for a1 (job) and for s1's last job (a1 again: one edge).
    expect(snap.edges.get('WAITS_FOR:b1>a1')?.props).toMatchObject({
      declaredBy: 'job',
      dependencyType: 'EXTERNAL_JOB',
    });
    expect(snap.skippedDependencies).toBe(0);
  });

  it('turns stream-level dependencies from GET jobstream/{id} into waits of its first jobs', () => {
    const snap = build((b) => {
      b.addJobStream(stream('s1', 'START'));
      b.addJobStream(
        stream('s2', 'ETL', {
          dependencies: [
            { dependencyType: 'EXTERNAL_JOB', id: 'd', jobId: 'open' },
          ] as JobStreamInPlan['dependencies'],
        }),
      );
      b.addJob(job('open', 'OPEN_DAY', 's1'));
      b.addJob(job('x', 'EXTRACT', 's2'));
      b.addJob(
        job('t', 'TRANSFORM', 's2', {
          dependencies: [{ dependencyType: 'INTERNAL', jobId: 'x' }] as JobInPlan['dependencies'],
        }),
      );
    });
    expect(snap.edges.has('DEPENDS_ON:s2>open')).toBe(true);
    expect(snap.edges.get('WAITS_FOR:x>open')?.props).toMatchObject({ declaredBy: 'jobStream' });
    expect(snap.edges.has('WAITS_FOR:t>open')).toBe(false);
  });

  it('drops and counts dependencies on objects that are not in the plan, and kinds it does not model', () => {
    const snap = build((b) => {
      b.addJobStream(stream('s1', 'A'));
      b.addJob(
        job('a1', 'A1', 's1', {
          dependencies: [
            { dependencyType: 'INTERNAL', jobId: 'gone' },
            { dependencyType: 'EXTERNAL_JOBSTREAM' },
            { dependencyType: 'FILE', id: 'f' },
          ] as JobInPlan['dependencies'],
        }),
      );
    });
    expect(snap.skippedDependencies).toBe(3);
    expect([...snap.edges.keys()].some((k) => k.startsWith('DEPENDS_ON') || k.startsWith('WAITS_FOR'))).toBe(
      false,
    );
  });

  it('gives a job whose stream was not listed a stream node, and links pool members', () => {
    const snap = build((b) => {
      b.addPoolMembers('POOL1', ['AGT1', 'AGT2', 'UNKNOWN']);
      b.addJob(
        job('j', 'LATE', 'new-stream', { jobStreamName: 'SUBMITTED_LATER', jobStreamWorkstation: 'AGT1' }),
      );
    });
    expect(snap.nodes.get('JobStream:new-stream')?.props).toMatchObject({ name: 'SUBMITTED_LATER' });
    expect(snap.edges.has('CONTAINS:new-stream>j')).toBe(true);
    expect([...snap.edges.keys()].filter((k) => k.startsWith('MEMBER_OF')).sort()).toEqual([
      'MEMBER_OF:w1>p1',
      'MEMBER_OF:w2>p1',
    ]);
  });

  it('ignores objects without an id or a name', () => {
    const snap = build((b) => {
      b.addJobStream({ name: 'NO_ID' } as JobStreamInPlan);
      b.addJob({ id: 'x' } as JobInPlan);
    });
    expect([...snap.nodes.keys()].filter((k) => !k.startsWith('Workstation'))).toEqual([]);
  });
});
