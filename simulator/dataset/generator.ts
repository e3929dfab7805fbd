// Large plans for load tests (`npm run simulator -- --jobs 100000`). Streams of 3–40 jobs spread over the
// day on generated agents, each a DAG (every job follows one or two of the five jobs before it), plus
// cross-stream EXTERNAL_JOB edges that always point from an earlier stream to a later one, so the whole
// plan is acyclic. ~1.5% of first runs abend. The plan is then simulated from its start to "now" by the
// real engine, so statuses are the outcome of the same lifecycle rules as everywhere else.
import { HOUR, MINUTE, planStartFor } from '../time.js';
import { DEFAULT_WORKSTATIONS } from './default.js';
import { intBetween, mulberry32, pick, type Random } from './prng.js';
import type { DatasetSpec, JobSpec, StreamSpec, WorkstationSpec } from './spec.js';

export interface GeneratorOptions {
  jobs: number;
  /** @default 1 */
  seed?: number;
}

const VERBS = [
  'EXTRACT',
  'LOAD',
  'TRANSFORM',
  'REPORT',
  'BACKUP',
  'SYNC',
  'ARCHIVE',
  'VALIDATE',
  'NOTIFY',
  'CLEANUP',
  'AGGREGATE',
  'EXPORT',
  'IMPORT',
  'RECONCILE',
  'INDEX',
];
const DOMAINS = ['SALES', 'HR', 'FIN', 'OPS', 'CRM', 'ERP', 'DW', 'INV', 'PAY', 'LOG', 'MKT', 'RISK'];
const FAILURE_CODES = [1, 4, 8, 12, 16];

function agents(count: number): WorkstationSpec[] {
  return Array.from({ length: count }, (_, i) => {
    const name = `AGT_GEN_${String(i + 1).padStart(3, '0')}`;
    return {
      name,
      type: 'AGENT',
      os: 'LINUX',
      nodeName: `${name.toLowerCase().replace(/_/g, '-')}.resync.local`,
      tcpPort: 31114,
      limit: 60,
      activeStates: ['LINKED', 'RUNNING'],
    } satisfies WorkstationSpec;
  });
}

function streamJobs(random: Random, streamName: string, size: number, startTime: number): JobSpec[] {
  const domain = pick(random, DOMAINS);
  const jobs: JobSpec[] = [];
  for (let k = 0; k < size; k++) {
    const verb = pick(random, VERBS);
    const name = `${verb}_${domain}_${String(k + 1).padStart(2, '0')}`;
    const follows: string[] = [];
    if (k > 0 && random() > 0.15) {
      const window = Math.min(k, 5);
      const first = jobs[k - 1 - Math.floor(random() * window)]?.name;
      if (first) follows.push(first);
      if (random() < 0.3) {
        const second = jobs[k - 1 - Math.floor(random() * window)]?.name;
        if (second && second !== first) follows.push(second);
      }
    }
    const estimateMin = 1 + Math.floor(random() * random() * 45);
    const job: JobSpec = {
      name,
      estimatedMs: estimateMin * MINUTE,
      description: `${verb.toLowerCase()} ${domain.toLowerCase()} step ${k + 1} of ${streamName}`,
      command: `/opt/hwa/gen/${name.toLowerCase()}.sh`,
    };
    if (follows.length) job.follows = follows;
    else job.startTime = startTime;
    jobs.push(job);
  }
  return jobs;
}

/** A dataset with exactly `jobs` jobs (plus an empty JOBS stream for ad-hoc submissions). */
export function generateDataset(options: GeneratorOptions, now: number): DatasetSpec {
  const total = Math.max(0, Math.floor(options.jobs));
  const random = mulberry32(options.seed ?? 1);
  const planStart = planStartFor(now);
  const generatedAgents = agents(Math.max(4, Math.ceil(total / 2500)));
  const streams: StreamSpec[] = [];
  const outcomes = new Map<string, { status: 'SUCC' | 'ABEND'; returnCode: number }>();
  const held = new Set<string>();
  let remaining = total;
  for (let i = 0; remaining > 0; i++) {
    const size = Math.min(remaining, intBetween(random, 3, 40));
    remaining -= size;
    const name = `GEN_${String(i + 1).padStart(5, '0')}`;
    const startTime = planStart + Math.floor(random() * 22 * HOUR);
    const stream: StreamSpec = {
      name,
      workstation: pick(random, generatedAgents).name,
      description: `Generated job stream ${i + 1}`,
      jobs: streamJobs(random, name, size, startTime),
    };
    const earlier = streams.length > 0 && random() < 0.1 ? pick(random, streams) : undefined;
    const target = earlier ? pick(random, earlier.jobs) : undefined;
    const root = stream.jobs[0];
    if (earlier && target && root) root.external = [{ stream: earlier.name, job: target.name }];
    for (const job of stream.jobs) {
      const ref = `${name}.${job.name}`;
      const roll = random();
      if (roll < 0.015) outcomes.set(ref, { status: 'ABEND', returnCode: pick(random, FAILURE_CODES) });
      else if (roll > 0.998) held.add(ref);
    }
    streams.push(stream);
  }
  streams.push({
    name: 'JOBS',
    workstation: 'MASTER',
    description: 'Default job stream for ad-hoc submissions',
    jobs: [],
  });
  return {
    planStart,
    workstations: [...DEFAULT_WORKSTATIONS, ...generatedAgents],
    streams,
    resources: [],
    history: new Map(),
    held,
    outcomes,
  };
}
