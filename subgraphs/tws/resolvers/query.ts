import { NotFoundError } from '../../../core/errors/index.js';
import { pageWindow, toConnection, type PageArgs } from '../model/connection.js';
import {
  jobFilterToOql,
  jobStreamFilterToOql,
  type JobFilterInput,
  type JobStreamFilterInput,
} from '../model/filters.js';
import type { TwsContext } from '../context.js';

export const queryResolvers = {
  jobs: async (_: unknown, args: PageArgs & { filter?: JobFilterInput | null }, ctx: TwsContext) => {
    const { offset, limit } = pageWindow(args);
    const page = await ctx.tws.reader.jobsPage(jobFilterToOql(args.filter), offset, limit);
    ctx.tws.loaders.primeJobs(page.items);
    return toConnection(page, offset);
  },
  job: (_: unknown, { id }: { id: string }, ctx: TwsContext) => ctx.tws.reader.job(id),
  jobStreams: async (
    _: unknown,
    args: PageArgs & { filter?: JobStreamFilterInput | null },
    ctx: TwsContext,
  ) => {
    const { offset, limit } = pageWindow(args);
    return toConnection(
      await ctx.tws.reader.jobStreamsPage(jobStreamFilterToOql(args.filter), offset, limit),
      offset,
    );
  },
  jobStream: async (_: unknown, { id }: { id: string }, ctx: TwsContext) => {
    const [stream] = await ctx.tws.reader.jobStreamsByIds([id]);
    if (!stream) throw new NotFoundError('Job stream', id);
    return stream;
  },
  workstations: (_: unknown, __: unknown, ctx: TwsContext) => ctx.tws.reader.workstations(),
  planSummary: (_: unknown, __: unknown, ctx: TwsContext) => ctx.tws.reader.summary(),
};
