import { BadUserInputError } from '../../../core/errors/index.js';
import { JOB_OQL, oql } from '../../../core/hwa/index.js';
import type { TwsContext } from '../context.js';
import { MAX_PAGE } from '../model/connection.js';
import { MAX_TAIL, tailLines } from '../model/log.js';
import { lastRunOf } from '../model/mappers.js';
import type {
  JobRecord,
  JobStatusChangeRecord,
  JobStreamRecord,
  WorkstationRecord,
} from '../model/records.js';

/** When the stream is gone from the plan (rare: cleaned up mid-request), what is known from the job. */
function streamStub(job: JobRecord): JobStreamRecord {
  return {
    id: job.jobStreamId,
    name: job.jobStreamName,
    key: null,
    status: 'UNDECIDED',
    internalStatus: 'UNKNOWN',
    workstationName: null,
    workstationId: null,
    scheduledTime: job.scheduledTime,
    startTime: null,
    endTime: null,
    priority: null,
    stats: { total: 0, successful: 0, running: 0, abended: 0, failed: 0, notRunning: 0, undecided: 0 },
  };
}

export const typeResolvers = {
  Job: {
    __resolveReference: (ref: { id: string }, ctx: TwsContext) => ctx.tws.loaders.job.load(ref.id),
    jobStream: async (job: JobRecord, _: unknown, ctx: TwsContext) =>
      (await ctx.tws.loaders.jobStream.load(job.jobStreamId)) ?? streamStub(job),
    workstation: (job: JobRecord, _: unknown, ctx: TwsContext) =>
      job.workstationId
        ? ctx.tws.loaders.workstationById(job.workstationId)
        : ctx.tws.loaders.workstationByName(job.workstationName),
    definition: (job: JobRecord, _: unknown, ctx: TwsContext) =>
      job.definitionId ? ctx.tws.reader.jobDefinition(job.definitionId) : null,
    log: async (
      job: JobRecord,
      { tail, attempt }: { tail: number; attempt?: number | null },
      ctx: TwsContext,
    ) => {
      if (!Number.isInteger(tail) || tail < 1 || tail > MAX_TAIL)
        throw new BadUserInputError(`tail must be between 1 and ${MAX_TAIL}`);
      const run =
        attempt === undefined || attempt === null
          ? lastRunOf(job.runs)
          : job.runs.find((r) => r.attempt === attempt);
      if (!run) {
        if (attempt !== undefined && attempt !== null)
          throw new BadUserInputError(`Job ${job.name} has no run ${attempt} (it has ${job.runs.length})`);
        return null;
      }
      const text = await ctx.tws.reader.jobLog(run.id);
      return text === null ? null : tailLines(text, tail);
    },
  },
  JobStream: {
    __resolveReference: (ref: { id: string }, ctx: TwsContext) => ctx.tws.loaders.jobStream.load(ref.id),
    workstation: (stream: JobStreamRecord, _: unknown, ctx: TwsContext) =>
      stream.workstationId
        ? ctx.tws.loaders.workstationById(stream.workstationId)
        : stream.workstationName
          ? ctx.tws.loaders.workstationByName(stream.workstationName)
          : null,
    jobs: async (stream: JobStreamRecord, { first }: { first: number }, ctx: TwsContext) => {
      if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE)
        throw new BadUserInputError(`first must be between 1 and ${MAX_PAGE}`);
      const page = await ctx.tws.reader.jobsPage(oql.eq(JOB_OQL.jobStreamId, stream.id), 0, first);
      ctx.tws.loaders.primeJobs(page.items);
      return page.items;
    },
  },
  Workstation: {
    __resolveReference: (ref: { id: string }, ctx: TwsContext) => ctx.tws.loaders.workstationById(ref.id),
    linked: (w: WorkstationRecord) => w.activeStates.some((s) => s.endsWith('LINKED')),
    running: (w: WorkstationRecord) => w.activeStates.some((s) => s === 'RUNNING' || s === 'JOBMAN_UP'),
  },
  JobStatusChange: {
    status: (c: JobStatusChangeRecord) => c.job.status,
    internalStatus: (c: JobStatusChangeRecord) => c.job.internalStatus,
  },
};
