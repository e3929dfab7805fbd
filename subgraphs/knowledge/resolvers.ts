// Resolvers of the fields this subgraph serves (the model itself is never served). Every `Job`
// and `JobStream` they return is a bare `{ id }` reference: the gateway fetches the live fields
// (name, status, ...) from the tws subgraph, and nested knowledge fields resolve here by id.
import { ResyncError, ErrorCode } from '../../core/errors/index.js';
import { servicesOf, type KnowledgeContext } from './context.js';
import { criticalChain } from './graph/critical-path.js';
import { formatDuration } from './graph/duration.js';
import { withStreamTotals } from './graph/impact.js';
import { graphSummary, type DependencyRow, type Direction } from './store/queries.js';
import { depthArg, firstArg, idArg } from './validate.js';

interface Ref {
  id: string;
}

const ref = (id: string): Ref => ({ id });

function notInGraph(what: 'Job' | 'Job stream', id: string): ResyncError {
  return new ResyncError(
    ErrorCode.NOT_FOUND,
    `${what} ${id} is not in the knowledge graph (it may be newer than the last sync; syncKnowledgeGraph refreshes it)`,
  );
}

async function walk(
  parent: Ref,
  args: { depth?: unknown; first?: unknown },
  ctx: KnowledgeContext,
  direction: Direction,
) {
  const { loaders, limits } = servicesOf(ctx);
  const depth = depthArg(args.depth, limits, 1);
  const first = firstArg(args.first, limits, 100);
  const result = await loaders.walk.load({ id: parent.id, direction, depth, first });
  if (!result.found) throw notInGraph('Job', parent.id);
  return result.value.map(ref);
}

async function impact(parent: Ref, args: { depth?: unknown; first?: unknown }, ctx: KnowledgeContext) {
  const { loaders, limits } = servicesOf(ctx);
  const depth = depthArg(args.depth, limits, limits.maxDepth);
  const first = firstArg(args.first, limits, 200);
  const result = await loaders.impact.load({ id: parent.id, depth, first });
  if (!result.found) throw notInGraph('Job', parent.id);
  // Totals only for the streams listed (at most `first`), not every stream the walk reached.
  const streamIds = result.value.jobStreams.map((s) => s.id);
  const infos = await loaders.jobStream.loadMany(streamIds);
  const streams = new Map(
    streamIds.flatMap((id, i) => {
      const info = infos[i];
      return info && !(info instanceof Error) ? [[id, info] as const] : [];
    }),
  );
  const summary = withStreamTotals(result.value, streams);
  return {
    ...summary,
    jobs: summary.jobIds.map(ref),
    criticalJobs: summary.criticalJobIds.map(ref),
    jobStreams: summary.jobStreams.map((s) => ({ ...s, jobStream: ref(s.id) })),
  };
}

async function criticalPath(streamId: string, ctx: KnowledgeContext) {
  const result = await servicesOf(ctx).loaders.chain.load({ id: streamId });
  if (!result.found) throw notInGraph('Job stream', streamId);
  const chain = criticalChain(result.value.jobs, result.value.edges);
  return {
    jobStream: ref(streamId),
    jobStreamName: result.value.name,
    totalEstimatedSeconds: chain.totalSeconds,
    totalEstimatedDuration: formatDuration(chain.totalSeconds),
    jobsOnCycles: chain.jobsOnCycles,
    steps: chain.steps.map((s) => ({
      position: s.position,
      job: ref(s.id),
      name: s.name,
      estimatedSeconds: s.seconds,
      startOffsetSeconds: s.startOffsetSeconds,
    })),
  };
}

const TYPE_OF: Record<DependencyRow['relationship'], string | undefined> = {
  DEPENDS_ON: undefined,
  NEEDS: 'RESOURCE',
  ASKS: 'PROMPT',
};
const text = (v: unknown) => (typeof v === 'string' ? v : null);
const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);

function dependency(row: DependencyRow) {
  const targetId = String(row.target['id'] ?? '');
  return {
    id: text(row.props['dependencyId']),
    type: TYPE_OF[row.relationship] ?? String(row.props['dependencyType']),
    inherited: row.inherited,
    job: row.targetLabel === 'Job' ? ref(targetId) : null,
    jobStream: row.targetLabel === 'JobStream' ? ref(targetId) : null,
    predecessorName: text(row.target['name']) ?? targetId,
    predecessorJobStreamName: text(row.target['jobStreamName']),
    quantity: typeof row.props['quantity'] === 'number' ? row.props['quantity'] : null,
    promptText: text(row.target['text']),
    statusConditions: list(row.props['statusConditions']),
    outputConditions: list(row.props['outputConditions']),
    conditional: row.props['conditional'] === true,
  };
}

export const resolvers = {
  Query: {
    // Through the store's boundary (breaker, deadline, metrics), not @neo4j/graphql's executor.
    graphSummary: (_: unknown, _args: unknown, ctx: KnowledgeContext) => graphSummary(servicesOf(ctx).db),
    criticalPath: (_: unknown, args: { jobStreamId?: unknown }, ctx: KnowledgeContext) =>
      criticalPath(idArg('jobStreamId', args.jobStreamId), ctx),
  },
  Mutation: {
    syncKnowledgeGraph: async (_: unknown, _args: unknown, ctx: KnowledgeContext) => {
      const report = await servicesOf(ctx).syncer.sync('api');
      // @neo4j/graphql's DateTime scalar serialises strings and Neo4j temporals, not JS Dates.
      return {
        ...report,
        startedAt: report.startedAt.toISOString(),
        finishedAt: report.finishedAt.toISOString(),
      };
    },
  },
  Job: {
    predecessors: (job: Ref, args: { depth?: unknown; first?: unknown }, ctx: KnowledgeContext) =>
      walk(job, args, ctx, 'predecessors'),
    successors: (job: Ref, args: { depth?: unknown; first?: unknown }, ctx: KnowledgeContext) =>
      walk(job, args, ctx, 'successors'),
    impact: (job: Ref, args: { depth?: unknown; first?: unknown }, ctx: KnowledgeContext) =>
      impact(job, args, ctx),
    dependencies: async (job: Ref, _args: unknown, ctx: KnowledgeContext) => {
      const result = await servicesOf(ctx).loaders.dependencies.load({ id: job.id });
      if (!result.found) throw notInGraph('Job', job.id);
      return result.value.map(dependency);
    },
  },
  JobStream: {
    criticalPath: (stream: Ref, _args: unknown, ctx: KnowledgeContext) => criticalPath(stream.id, ctx),
  },
};
