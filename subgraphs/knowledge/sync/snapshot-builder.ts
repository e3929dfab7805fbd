// Turns HWA V2 payloads (HCL's own shapes, every field optional) into one GraphSnapshot. Objects
// may arrive in any order and the plan moves while it is read, so references are resolved only
// in build(): an edge whose end is missing is dropped and counted, never written half-way.
import type {
  DependencyInPlan,
  JobInPlan,
  JobStreamInPlan,
  WorkstationInPlan,
} from '../../../core/hwa/index.js';
import { parseDurationSeconds } from '../graph/duration.js';
import {
  edgeKey,
  nodeKey,
  type EdgeType,
  type GraphEdge,
  type GraphNode,
  type GraphSnapshot,
  type NodeLabel,
  type NodeRef,
  type Props,
} from '../model/types.js';
import { deriveWaits, type DeclaredDependency } from './derive.js';

type Dependency = DependencyInPlan & Record<string, unknown>;

const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;
const num = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;
const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string').sort() : [];

export class SnapshotBuilder {
  readonly #nodes = new Map<string, GraphNode>();
  readonly #edges = new Map<string, GraphEdge>();
  readonly #declared: DeclaredDependency[] = [];
  readonly #workstationIds = new Map<string, string>();
  readonly #poolMembers: Array<{ pool: string; member: string }> = [];
  readonly #streamOf = new Map<string, string>();
  #skipped = 0;

  addWorkstation(ws: WorkstationInPlan): void {
    const id = str(ws.id);
    const name = str(ws.name);
    if (!id || !name) return;
    this.#workstationIds.set(name, id);
    this.#node('Workstation', id, { name, type: str(ws.type), os: str(ws.os), nodeName: str(ws.nodeName) });
  }

  /** Pool membership comes from the model (plan workstations do not list members); by name. */
  addPoolMembers(pool: string, members: readonly string[]): void {
    for (const member of members) this.#poolMembers.push({ pool, member });
  }

  addJobStream(stream: JobStreamInPlan): void {
    const id = str(stream.id);
    const name = str(stream.name);
    if (!id || !name) return;
    this.#node('JobStream', id, {
      name,
      key: str(stream.key),
      workstation: str(stream.workstation),
      folder: str(stream.folder),
      schedTime: str(stream.schedTime),
    });
    this.#runsOn({ label: 'JobStream', id }, str(stream.workstationId), str(stream.workstation));
    if (stream.dependencies) this.addDependencies({ label: 'JobStream', id }, stream.dependencies);
  }

  addJob(job: JobInPlan): void {
    const id = str(job.id);
    const name = str(job.name);
    const streamId = str(job.jobStreamId);
    if (!id || !name || !streamId) return;
    const lastRun = job.jobruns?.at(-1);
    const estimate =
      parseDurationSeconds(job.jobDefinition?.estimatedDuration) ??
      parseDurationSeconds(lastRun?.timeInfo?.estimatedDuration);
    const streamName = str(job.jobStreamName) ?? '';
    this.#node('Job', id, {
      name,
      key: str(job.key),
      jobStreamId: streamId,
      jobStreamName: streamName,
      workstation: str(job.workstation),
      critical: job.jobOptions?.critical === true,
      estimatedSeconds: estimate ?? 0,
      definition: str(job.jobDefinition?.name),
    });
    // The stream list is read before the jobs; a stream submitted in between still gets a node.
    if (!this.#nodes.has(nodeKey({ label: 'JobStream', id: streamId }))) {
      this.#node('JobStream', streamId, { name: streamName, workstation: str(job.jobStreamWorkstation) });
    }
    this.#streamOf.set(id, streamId);
    this.#edge('CONTAINS', { label: 'JobStream', id: streamId }, { label: 'Job', id }, {});
    this.#runsOn({ label: 'Job', id }, str(job.workstationId), str(job.workstation));
    this.addDependencies({ label: 'Job', id }, job.dependencies ?? []);
  }

  /** DependencyInPlanV2 entries of a job or a job stream. */
  addDependencies(owner: NodeRef, dependencies: readonly DependencyInPlan[]): void {
    for (const raw of dependencies) {
      const dep = raw as Dependency;
      const type = dep.dependencyType;
      const dependencyId = str(dep.id);
      if (type === 'INTERNAL' || type === 'EXTERNAL_JOB' || type === 'EXTERNAL_JOBSTREAM') {
        const targetId = type === 'EXTERNAL_JOBSTREAM' ? str(dep['jobStreamId']) : str(dep['jobId']);
        if (!targetId) {
          this.#skipped += 1;
          continue;
        }
        const target: NodeRef = { label: type === 'EXTERNAL_JOBSTREAM' ? 'JobStream' : 'Job', id: targetId };
        this.#edge('DEPENDS_ON', owner, target, {
          dependencyType: type,
          dependencyId,
          statusConditions: strings(dep['statusConditions']),
          outputConditions: strings(dep['outputConditions']),
          conditional: dep['conditional'] === true,
        });
        this.#declared.push({ owner, target, dependencyType: type });
      } else if (type === 'RESOURCE') {
        const name = str(dep['name']);
        if (!name) {
          this.#skipped += 1;
          continue;
        }
        const workstation = str(dep['workstation']);
        const resource: NodeRef = { label: 'Resource', id: `resource:${workstation ?? ''}#${name}` };
        this.#node('Resource', resource.id, { name, workstation, total: num(dep['totalQuantity']) });
        if (workstation) this.#runsOnEdge('DEFINED_ON', resource, str(dep['workstationId']), workstation);
        this.#edge('NEEDS', owner, resource, { quantity: num(dep['quantity']) ?? 1, dependencyId });
      } else if (type === 'PROMPT') {
        const name = str(dep['promptName']) ?? dependencyId;
        if (!name) {
          this.#skipped += 1;
          continue;
        }
        const prompt: NodeRef = { label: 'Prompt', id: `prompt:${name}` };
        this.#node('Prompt', prompt.id, { name, text: str(dep['text']) });
        this.#edge('ASKS', owner, prompt, { dependencyId });
      } else {
        // FILE, JOIN, INTERNETWORK: not modelled (yet); counted so the report says so.
        this.#skipped += 1;
      }
    }
  }

  build(): GraphSnapshot {
    for (const { pool, member } of this.#poolMembers) {
      const poolId = this.#workstationIds.get(pool);
      const memberId = this.#workstationIds.get(member);
      if (poolId && memberId)
        this.#edge(
          'MEMBER_OF',
          { label: 'Workstation', id: memberId },
          { label: 'Workstation', id: poolId },
          {},
        );
    }
    const edges = new Map<string, GraphEdge>();
    for (const [key, edge] of this.#edges) {
      if (this.#nodes.has(nodeKey(edge.from)) && this.#nodes.has(nodeKey(edge.to))) edges.set(key, edge);
      else if (edge.type === 'DEPENDS_ON') this.#skipped += 1;
    }
    const present = (ref: NodeRef) => this.#nodes.has(nodeKey(ref));
    const declared = this.#declared.filter((d) => present(d.owner) && present(d.target));
    const jobsOf = new Map<string, string[]>();
    for (const [jobId, streamId] of this.#streamOf) {
      const list = jobsOf.get(streamId);
      if (list) list.push(jobId);
      else jobsOf.set(streamId, [jobId]);
    }
    for (const edge of deriveWaits(declared, { streamOf: this.#streamOf, jobsOf })) edges.set(edge.key, edge);
    return { nodes: this.#nodes, edges, skippedDependencies: this.#skipped };
  }

  #node(label: NodeLabel, id: string, props: Props): void {
    this.#nodes.set(nodeKey({ label, id }), { label, id, props });
  }

  #edge(type: EdgeType, from: NodeRef, to: NodeRef, props: Props): void {
    const key = edgeKey(type, from, to);
    if (!this.#edges.has(key)) this.#edges.set(key, { type, from, to, key, props });
  }

  #runsOn(owner: NodeRef, workstationId: string | undefined, workstationName: string | undefined): void {
    this.#runsOnEdge('RUNS_ON', owner, workstationId, workstationName);
  }

  #runsOnEdge(
    type: 'RUNS_ON' | 'DEFINED_ON',
    owner: NodeRef,
    workstationId: string | undefined,
    name: string | undefined,
  ): void {
    // Plan objects carry the workstation's id; fall back to its name for payloads that omit it.
    const id = workstationId ?? (name ? this.#workstationIds.get(name) : undefined);
    if (id) this.#edge(type, owner, { label: 'Workstation', id }, {});
  }
}
