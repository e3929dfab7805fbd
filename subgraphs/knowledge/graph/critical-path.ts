// The longest chain of a job stream weighted by estimated duration: a longest path in a DAG,
// solved in one topological pass (Kahn). Jobs on a cycle (bad data) never become ready; they are
// left out and counted instead of looping. Ties break by job name, so answers are stable.

export interface ChainJob {
  id: string;
  name: string;
  seconds: number;
}

export interface ChainStep extends ChainJob {
  position: number;
  startOffsetSeconds: number;
}

export interface CriticalChain {
  steps: ChainStep[];
  totalSeconds: number;
  /** Jobs never reached because they are on (or wait for) a dependency cycle. */
  jobsOnCycles: number;
}

/** `edges` are [waiting job, job it waits for]; edges to jobs not in `jobs` are ignored. */
export function criticalChain(
  jobs: readonly ChainJob[],
  edges: ReadonlyArray<readonly [string, string]>,
): CriticalChain {
  const byId = new Map(jobs.map((j) => [j.id, j]));
  const preds = new Map<string, string[]>();
  const succs = new Map<string, string[]>();
  const pending = new Map<string, number>(jobs.map((j) => [j.id, 0]));
  for (const [waiting, waitedFor] of edges) {
    if (!byId.has(waiting) || !byId.has(waitedFor) || waiting === waitedFor) continue;
    if (preds.get(waiting)?.includes(waitedFor)) continue;
    preds.set(waiting, [...(preds.get(waiting) ?? []), waitedFor]);
    succs.set(waitedFor, [...(succs.get(waitedFor) ?? []), waiting]);
    pending.set(waiting, (pending.get(waiting) ?? 0) + 1);
  }

  const finish = new Map<string, number>();
  const best = new Map<string, string | undefined>();
  const ready = [...pending].filter(([, n]) => n === 0).map(([id]) => id);
  let processed = 0;
  while (ready.length > 0) {
    const id = ready.pop() as string;
    processed += 1;
    const job = byId.get(id) as ChainJob;
    let start = 0;
    let from: string | undefined;
    for (const p of preds.get(id) ?? []) {
      const f = finish.get(p) ?? 0;
      if (from === undefined || f > start || (f === start && nameOf(byId, p) < nameOf(byId, from))) {
        start = f;
        from = p;
      }
    }
    finish.set(id, start + Math.max(0, job.seconds));
    best.set(id, from);
    for (const s of succs.get(id) ?? []) {
      const left = (pending.get(s) ?? 0) - 1;
      pending.set(s, left);
      if (left === 0) ready.push(s);
    }
  }

  let end: string | undefined;
  for (const [id, f] of finish) {
    const current = end === undefined ? -1 : (finish.get(end) ?? 0);
    if (f > current || (f === current && end !== undefined && nameOf(byId, id) < nameOf(byId, end))) end = id;
  }
  const chain: ChainJob[] = [];
  for (let id = end; id !== undefined; id = best.get(id)) chain.unshift(byId.get(id) as ChainJob);
  let offset = 0;
  const steps = chain.map((job, i) => {
    const step = { ...job, position: i + 1, startOffsetSeconds: offset };
    offset += Math.max(0, job.seconds);
    return step;
  });
  return { steps, totalSeconds: offset, jobsOnCycles: jobs.length - processed };
}

const nameOf = (byId: Map<string, ChainJob>, id: string) => byId.get(id)?.name ?? id;
