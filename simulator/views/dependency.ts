// DependencyInPlanV2, one variant per dependencyType, with the fields of the matching spec schema
// (InternalDependencyInPlanV2, ExternalJobDependencyInPlanV2, ...).
import { dependencyState, isConditional } from '../plan/derive.js';
import type { SimDependency, SimJob, SimJobStream } from '../plan/types.js';
import { iso } from '../time.js';
import { compact, type ViewContext } from './context.js';
import { jobCompositeStatus, streamCompositeStatus } from './status.js';

export type Owner = { kind: 'job'; job: SimJob } | { kind: 'jobstream'; stream: SimJobStream };

function base(ctx: ViewContext, dep: SimDependency): Record<string, unknown> {
  const status = dependencyState(ctx.state, dep);
  return {
    dependencyType: dep.type,
    id: dep.id,
    dependencyStatus: status,
    satisfied: status === 'SATISFIED',
    depSequence: dep.sequence,
    mandatory: true,
  };
}

function predecessorFields(ctx: ViewContext, dep: SimDependency): Record<string, unknown> {
  return compact({
    conditional: isConditional(dep),
    critical: false,
    statusConditions: dep.statusConditions,
    outputConditions: dep.outputConditions,
  });
}

export function dependencyView(ctx: ViewContext, dep: SimDependency, owner: Owner): Record<string, unknown> {
  const out = base(ctx, dep);
  const { state } = ctx;
  switch (dep.type) {
    case 'INTERNAL': {
      const pred = dep.predJobId ? state.jobs.get(dep.predJobId) : undefined;
      const stream = pred ? state.streamOf(pred) : undefined;
      return compact({
        ...out,
        ...predecessorFields(ctx, dep),
        jobId: pred?.id,
        jobName: pred?.name,
        predecessorStatus: pred ? jobCompositeStatus(pred) : undefined,
        jobStreamName: stream?.name,
        jobStreamWorkstation: stream?.workstation,
        jobStreamFolder: '/',
        jobStreamSchedTime: stream ? iso(stream.schedTime) : undefined,
        jobSuccId: owner.kind === 'job' ? owner.job.id : undefined,
      });
    }
    case 'EXTERNAL_JOB': {
      const pred = dep.predJobId ? state.jobs.get(dep.predJobId) : undefined;
      const stream = pred ? state.streamOf(pred) : undefined;
      return compact({
        ...out,
        ...predecessorFields(ctx, dep),
        jobStreamId: stream?.id,
        jobStreamName: stream?.name,
        jobStreamWorkstation: stream?.workstation,
        jobStreamFolder: '/',
        jobStreamSchedTime: stream ? iso(stream.schedTime) : undefined,
        jobId: pred?.id,
        jobName: pred?.name,
        jobWorkstationName: pred?.workstation,
        predecessorStatus: pred ? jobCompositeStatus(pred) : undefined,
        pending: false,
        zombie: false,
        jobSuccId: owner.kind === 'job' ? owner.job.id : undefined,
        jobStreamSuccId: owner.kind === 'jobstream' ? owner.stream.id : undefined,
      });
    }
    case 'EXTERNAL_JOBSTREAM': {
      const stream = dep.predStreamId ? state.streams.get(dep.predStreamId) : undefined;
      return compact({
        ...out,
        ...predecessorFields(ctx, dep),
        jobStreamId: stream?.id,
        jobStreamName: stream?.name,
        jobStreamWorkstation: stream?.workstation,
        jobStreamFolder: '/',
        jobStreamSchedTime: stream ? iso(stream.schedTime) : undefined,
        predecessorStatus: stream ? streamCompositeStatus(ctx.state, stream) : undefined,
        pending: false,
        zombie: false,
        jobSuccId: owner.kind === 'job' ? owner.job.id : undefined,
        jobStreamSuccId: owner.kind === 'jobstream' ? owner.stream.id : undefined,
      });
    }
    case 'PROMPT':
      return {
        ...out,
        folder: '/',
        promptName: dep.prompt?.name ?? '',
        promptOriginalName: dep.prompt?.name ?? '',
        text: dep.prompt?.text ?? '',
        promptStatus: dep.prompt?.answered ? 'ANSWERED_YES' : 'ASKED',
        promptType: 'Predefined Prompt',
        number: 1,
        workstation: 'MASTER',
        loadedFromDb: true,
      };
    case 'RESOURCE': {
      const res = dep.resource ? state.resources.get(dep.resource.name) : undefined;
      return compact({
        ...out,
        folder: '/',
        name: dep.resource?.name,
        originalName: dep.resource?.name,
        workstation: res?.workstation,
        quantity: dep.resource?.quantity,
        available: res?.available,
        totalQuantity: res?.total,
        loadedFromDb: true,
      });
    }
  }
}

/** DependenciesStatsV2 of a dependency list. */
export function dependenciesStats(ctx: ViewContext, deps: readonly SimDependency[]): Record<string, number> {
  let job = 0,
    stream = 0,
    prompt = 0,
    resource = 0,
    unresolved = 0,
    nonResourceUnresolved = 0;
  for (const dep of deps) {
    if (dep.type === 'INTERNAL' || dep.type === 'EXTERNAL_JOB') job++;
    else if (dep.type === 'EXTERNAL_JOBSTREAM') stream++;
    else if (dep.type === 'PROMPT') prompt++;
    else resource++;
    if (dependencyState(ctx.state, dep) !== 'SATISFIED') {
      unresolved++;
      if (dep.type !== 'RESOURCE') nonResourceUnresolved++;
    }
  }
  return {
    numberOfDependencies: deps.length,
    numberOfJobDependencies: job,
    numberOfJobStreamDependencies: stream,
    numberOfInternetworkDependencies: 0,
    numberOfPromptDependencies: prompt,
    numberOfResourceDependencies: resource,
    numberOfFileDependencies: 0,
    numberOfUnresolvedDependencies: unresolved,
    numberOfNonResourceUnresolvedDependencies: nonResourceUnresolved,
  };
}
