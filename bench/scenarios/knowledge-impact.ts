import type { BenchContext, BenchScenario, LoadResult } from '../lib/types.js';

/** The acceptance query: live status (tws) + impact (knowledge) + live status of every impacted job (tws). */
const ACCEPTANCE = 'query ($id: ID!) { job(id: $id) { name status impact { count jobs { name status } } } }';
const IMPACT_ONLY =
  'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Job { impact { count jobs { id } } } } }';
const CRITICAL_PATH =
  'query ($id: ID!) { criticalPath(jobStreamId: $id) { totalEstimatedSeconds steps { name job { status } } } }';

interface Candidate {
  id: string;
  count: number;
  jobStreamId: string;
}

async function post<T>(
  url: string,
  token: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: Array<{ message: string }> };
  if (!body.data) throw new Error(`GraphQL failed: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** Impact counts of a sample of the plan's jobs (one batched knowledge call), to pick typical and heavy ones. */
async function sample(ctx: BenchContext, token: string): Promise<Candidate[]> {
  const page = await post<{ jobs: { edges: Array<{ node: { id: string; jobStream: { id: string } } }> } }>(
    ctx.gatewayUrl,
    token,
    '{ jobs(first: 500) { edges { node { id jobStream { id } } } } }',
  );
  const nodes = page.jobs.edges.map((e) => e.node);
  const counts = await post<{ _entities: Array<{ impact: { count: number } | null }> }>(
    ctx.subgraphUrls.knowledge,
    token,
    'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Job { impact(first: 0) { count } } } }',
    { r: nodes.map((n) => ({ __typename: 'Job', id: n.id })) },
  );
  return nodes
    .map((n, i) => ({
      id: n.id,
      jobStreamId: n.jobStream.id,
      count: counts._entities[i]?.impact?.count ?? 0,
    }))
    .sort((a, b) => a.count - b.count);
}

export const scenario: BenchScenario = {
  name: 'knowledge-impact',
  description:
    'Impact queries on the synced graph: the acceptance query (job status + impact + status of every impacted job) through the gateway for a typical and the heaviest sampled job, impact alone direct to the knowledge subgraph, and a stream critical path. ' +
    'Meant for the 100k-job graph (see subgraphs/knowledge/README.md); run with --env RATE_LIMIT_ENABLED=false.',
  async run(ctx) {
    const token = await ctx.token('viewer');
    const summary = await post<{ graphSummary: { jobs: number; dependencies: number } }>(
      ctx.gatewayUrl,
      token,
      '{ graphSummary { jobs dependencies } }',
    );
    if (summary.graphSummary.jobs === 0)
      throw new Error(
        'the knowledge graph is empty: sync it first (knowledge-sync scenario or KNOWLEDGE_SYNC_ON_START)',
      );
    const candidates = await sample(ctx, token);
    const withImpact = candidates.filter((c) => c.count > 0);
    const typical = withImpact[Math.floor(withImpact.length / 2)] ?? candidates[0]!;
    const heaviest = candidates.at(-1)!;
    ctx.log(
      `  graph: ${summary.graphSummary.jobs} jobs; typical impact ${typical.count}, heaviest of ${candidates.length} sampled ${heaviest.count}`,
    );
    const runs: LoadResult[] = [];
    const add = (run: LoadResult, facts: Record<string, string | number>) => {
      run.extra = { ...run.extra, ...facts };
      runs.push(run);
    };
    add(
      await ctx.http({
        label: 'acceptance query, typical job, through the gateway',
        url: ctx.gatewayUrl,
        token,
        query: ACCEPTANCE,
        variables: { id: typical.id },
      }),
      {
        'impacted jobs': typical.count,
      },
    );
    add(
      await ctx.http({
        label: 'acceptance query, heaviest sampled job, through the gateway',
        url: ctx.gatewayUrl,
        token,
        query: ACCEPTANCE,
        variables: { id: heaviest.id },
      }),
      {
        'impacted jobs': heaviest.count,
      },
    );
    add(
      await ctx.http({
        label: 'impact only, heaviest sampled job, direct to knowledge',
        url: ctx.subgraphUrls.knowledge,
        token,
        query: IMPACT_ONLY,
        variables: { r: [{ __typename: 'Job', id: heaviest.id }] },
      }),
      { 'impacted jobs': heaviest.count },
    );
    add(
      await ctx.http({
        label: "critical path of the heaviest job's stream, through the gateway",
        url: ctx.gatewayUrl,
        token,
        query: CRITICAL_PATH,
        variables: { id: heaviest.jobStreamId },
      }),
      {},
    );
    return {
      runs,
      notes: [
        `Graph: ${summary.graphSummary.jobs} jobs, ${summary.graphSummary.dependencies} declared dependencies. Impact counts of ${candidates.length} sampled jobs: median of those with any ${typical.count}, max ${heaviest.count}.`,
        'Through the gateway the acceptance query is three fetches: tws (job), knowledge (_entities: impact), tws again (_entities: name and status of every impacted job).',
        'Impact walks WAITS_FOR breadth-first with APOC (NODE_GLOBAL uniqueness): linear in the jobs reached, whatever the cycles.',
      ],
    };
  },
};
