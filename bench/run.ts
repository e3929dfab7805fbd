/**
 * `npm run bench [-- <scenario...>] [--duration 10] [--connections 20] [--url http://host:4000/graphql]`
 *
 * Starts the stack as its own process on free ports (or targets a running one with --url),
 * runs each scenario in bench/scenarios/, and writes bench/results/<date>-<scenario>.json/.md
 * with the machine, RPS, p50/p95/p99 and RSS per process.
 */
import { readdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { signToken } from '../core/auth/index.js';
import { configFrom, loadConfig } from '../core/config/index.js';
import { runHttpLoad } from './lib/load.js';
import { describeMachine, writeReport } from './lib/report.js';
import { childrenOf, commandOf, rssOf } from './lib/rss.js';
import { startStackProcess, type StackProcess } from './lib/stack-process.js';
import type { BenchContext, BenchScenario } from './lib/types.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '20' },
    url: { type: 'string' },
    env: { type: 'string', multiple: true },
    verbose: { type: 'boolean', default: false },
  },
});

const log = (line: string) => process.stdout.write(`${line}\n`);
const stackLog = (line: string) => {
  if (values.verbose) process.stdout.write(`[stack] ${line}\n`);
};

const scenarioDir = new URL('./scenarios/', import.meta.url);
const available = readdirSync(scenarioDir)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.replace(/\.ts$/, ''));
const selected = positionals.length > 0 ? positionals : available;
for (const name of selected) {
  if (!available.includes(name)) {
    process.stderr.write(`unknown scenario "${name}"; available: ${available.join(', ')}\n`);
    process.exit(2);
  }
}

const extraEnv = Object.fromEntries((values.env ?? []).map((kv) => kv.split('=', 2) as [string, string]));
let stack: StackProcess | undefined;
let context: Omit<BenchContext, 'options'>;
if (values.url) {
  const config = loadConfig();
  context = {
    gatewayUrl: values.url,
    subgraphUrls: Object.fromEntries(
      Object.entries(config.subgraphs).map(([k, v]) => [k, v.url]),
    ) as BenchContext['subgraphUrls'],
    twsUrl: config.tws.url,
    token: (role, sub = `bench-${role}`) =>
      signToken({ secret: config.auth.secret ?? '', sub, roles: [role] }),
    http: (load) => runHttpLoad(load, options),
    rss: () => ({ 'bench driver': rssOf(process.pid) ?? 0 }),
    log,
  };
} else {
  log('starting the stack as a separate process...');
  stack = await startStackProcess(extraEnv, stackLog);
  const config = configFrom(stack.env);
  const pid = stack.pid;
  context = {
    gatewayUrl: stack.gatewayUrl,
    subgraphUrls: stack.subgraphUrls,
    twsUrl: stack.twsUrl,
    token: (role, sub = `bench-${role}`) =>
      signToken({ secret: config.auth.secret ?? '', sub, roles: [role] }),
    http: (load) => runHttpLoad(load, options),
    rss: () => {
      const out: Record<string, number> = {
        'stack (gateway + 5 subgraphs + simulator, one node process)': rssOf(pid) ?? 0,
      };
      for (const child of childrenOf(pid)) {
        if (commandOf(child).includes('Neo4jLauncher')) out['neo4j (embedded, java)'] = rssOf(child) ?? 0;
      }
      out['bench driver'] = rssOf(process.pid) ?? 0;
      return out;
    },
    log,
  };
}
const options = { durationSeconds: Number(values.duration), connections: Number(values.connections) };

const machine = describeMachine();
const resultsDir = new URL('./results/', import.meta.url);
try {
  for (const name of selected) {
    const { scenario } = (await import(new URL(`${name}.ts`, scenarioDir).href)) as {
      scenario: BenchScenario;
    };
    log(`\n== ${scenario.name}: ${scenario.description}`);
    const report = await scenario.run({ ...context, options });
    const written = writeReport(scenario, report, context.rss(), machine, resultsDir);
    for (const run of report.runs) {
      log(
        `  ${run.label}: ${run.rps} req/s, p50 ${run.latencyMs.p50} ms, p95 ${run.latencyMs.p95} ms, p99 ${run.latencyMs.p99} ms, errors ${run.errors}`,
      );
    }
    log(`  -> ${written.markdown}`);
  }
} finally {
  await stack?.stop();
}
