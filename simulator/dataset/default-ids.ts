// Deterministic ids of the default dataset, computable without starting a simulator, so other teams'
// tests can hard-code lookups: jobIdOf('ETL_SALES', 'LOAD_DW_SALES'), runIdOf(..., 1), ...
import { CURRENT_PLAN_ID, idOf, jobDefinitionKey, jobKey, jobStreamKey, workstationKey } from '../ids.js';
import { DEFAULT_WORKSTATIONS, defaultStreams } from './default.js';

const STREAMS = defaultStreams();
const STREAM_WS = new Map(STREAMS.map((s) => [s.name, s.workstation]));

function streamWorkstation(stream: string): string {
  const ws = STREAM_WS.get(stream);
  if (!ws)
    throw new Error(
      `unknown job stream ${stream} in the default dataset (known: ${[...STREAM_WS.keys()].join(', ')})`,
    );
  return ws;
}

function jobSpec(stream: string, job: string): { workstation: string } {
  const spec = STREAMS.find((s) => s.name === stream)?.jobs.find((j) => j.name === job);
  if (!spec) throw new Error(`unknown job ${stream}.${job} in the default dataset`);
  return { workstation: spec.workstation ?? streamWorkstation(stream) };
}

export function workstationIdOf(name: string): string {
  if (!DEFAULT_WORKSTATIONS.some((w) => w.name === name))
    throw new Error(`unknown workstation ${name} in the default dataset`);
  return idOf('workstation', workstationKey(name));
}

export function modelWorkstationIdOf(name: string): string {
  workstationIdOf(name);
  return idOf('model-workstation', workstationKey(name));
}

export function jobStreamIdOf(stream: string): string {
  return idOf('jobstream', jobStreamKey(streamWorkstation(stream), stream));
}

export function modelJobStreamIdOf(stream: string): string {
  return idOf('model-jobstream', jobStreamKey(streamWorkstation(stream), stream));
}

export function jobIdOf(stream: string, job: string): string {
  jobSpec(stream, job);
  return idOf('job', jobKey(streamWorkstation(stream), stream, job));
}

/** Run ids: attempt 1 is the first run; reruns get 2, 3, ... in order. */
export function runIdOf(stream: string, job: string, attempt = 1): string {
  jobSpec(stream, job);
  return idOf('run', `${jobKey(streamWorkstation(stream), stream, job)}:${attempt}`);
}

export function jobDefinitionIdOf(stream: string, job: string): string {
  return idOf('model-jobdefinition', jobDefinitionKey(jobSpec(stream, job).workstation, job));
}

export const PLAN_ID = CURRENT_PLAN_ID;

export interface DatasetIds {
  planId: string;
  workstations: Record<string, string>;
  jobStreams: Record<string, string>;
  /** `STREAM.JOB` → job id. */
  jobs: Record<string, string>;
  /** `STREAM.JOB` → id of the first run. */
  firstRuns: Record<string, string>;
}

/** Every well-known id of the default dataset. */
export const DATASET_IDS: DatasetIds = {
  planId: CURRENT_PLAN_ID,
  workstations: Object.fromEntries(DEFAULT_WORKSTATIONS.map((w) => [w.name, workstationIdOf(w.name)])),
  jobStreams: Object.fromEntries(STREAMS.map((s) => [s.name, jobStreamIdOf(s.name)])),
  jobs: Object.fromEntries(
    STREAMS.flatMap((s) => s.jobs.map((j) => [`${s.name}.${j.name}`, jobIdOf(s.name, j.name)])),
  ),
  firstRuns: Object.fromEntries(
    STREAMS.flatMap((s) => s.jobs.map((j) => [`${s.name}.${j.name}`, runIdOf(s.name, j.name)])),
  ),
};
