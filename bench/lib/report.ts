import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import type { ScenarioReport } from './types.js';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGb: number;
  kernel: string;
  node: string;
  commit: string;
}

export function describeMachine(): Machine {
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    // not a git checkout
  }
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGb: Math.round(totalmem() / 1024 ** 3),
    kernel: release(),
    node: process.version,
    commit,
  };
}

export interface WrittenReport {
  json: string;
  markdown: string;
}

/** Writes bench/results/<date>-<scenario>.json and .md (machine, date, runs, RSS). */
export function writeReport(
  scenario: { name: string; description: string },
  report: ScenarioReport,
  rss: Record<string, number>,
  machine: Machine,
  dir: URL,
): WrittenReport {
  const date = new Date().toISOString().slice(0, 10);
  mkdirSync(dir, { recursive: true });
  const base = new URL(`${date}-${scenario.name}`, dir);
  const json = `${base.pathname}.json`;
  const markdown = `${base.pathname}.md`;
  writeFileSync(
    json,
    JSON.stringify(
      {
        scenario: scenario.name,
        description: scenario.description,
        date: new Date().toISOString(),
        machine,
        rssMb: rss,
        ...report,
      },
      null,
      2,
    ) + '\n',
  );
  const lines = [
    `# ${scenario.name} — ${date}`,
    '',
    scenario.description,
    '',
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB, Linux ${machine.kernel}, Node ${machine.node}, commit ${machine.commit}.`,
    '',
    '| run | connections | duration | requests | RPS | p50 ms | p95 ms | p99 ms | max ms | errors |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...report.runs.map(
      (r) =>
        `| ${r.label} | ${r.connections} | ${r.durationSeconds}s | ${r.requests} | ${r.rps} | ${r.latencyMs.p50} | ${r.latencyMs.p95} | ${r.latencyMs.p99} | ${r.latencyMs.max} | ${r.errors} |`,
    ),
    '',
    ...(report.runs.some((r) => r.extra)
      ? [
          'Extra:',
          ...report.runs.filter((r) => r.extra).map((r) => `- ${r.label}: ${JSON.stringify(r.extra)}`),
          '',
        ]
      : []),
    `RSS after the runs (MB): ${Object.entries(rss)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    '',
    ...(report.notes?.length ? ['Notes:', ...report.notes.map((n) => `- ${n}`), ''] : []),
  ];
  writeFileSync(markdown, lines.join('\n'));
  return { json, markdown };
}
