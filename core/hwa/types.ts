// Friendly names for HCL's own schemas (generated from the OpenAPI document, never hand-typed).
import type { components, paths } from './generated/hwa-v2.js';

type Schemas = components['schemas'];

export type { components, paths };

export type EngineInfo = Schemas['EngineInfoV2'];
export type JobInPlan = Schemas['JobInPlanV2'];
export type JobRun = Schemas['JobRunInstanceV2'];
export type JobInPlanStatus = Schemas['JobInPlanStatus'];
export type JobInPlanSubStatus = Schemas['JobInPlanSubStatus'];
export type CommonStatus = Schemas['CommonStatusV2'];
export type JobStreamInPlan = Schemas['JobStreamInPlanV2'];
export type WorkstationInPlan = Schemas['WorkstationInPlanV2'];
export type DependencyInPlan = Schemas['DependencyInPlanV2'];
export type GroupedCount = Schemas['GroupedCountResponse'];
export type ResourceResponse = Schemas['ResourceResponseV2'];
export type RerunDetails = Schemas['RerunDetailsV2'];
export type ModelJobDefinition = Schemas['ModelObjectJobDefinition'];
export type ModelWorkstation = Schemas['ModelObjectWorkstation'];
export type ScopeType = Schemas['ScopeType'];

/** The V2 list envelope (`PaginatedResponse*`): every field is optional in HCL's schema. */
export interface Page<T> {
  count?: number;
  results?: T[];
  next?: string;
  previous?: string;
}

type Api = '/twsd/api/v2/';
type QueryOf<P extends keyof paths> = paths[P] extends { get: { parameters: { query?: infer Q } } }
  ? NonNullable<Q>
  : never;

export type PlanJobQuery = QueryOf<`${Api}plan/job`>;
export type PlanJobStreamQuery = QueryOf<`${Api}plan/jobstream`>;
export type PlanWorkstationQuery = QueryOf<`${Api}plan/workstation`>;
export type ModelListQuery = QueryOf<`${Api}model/workstation`>;

/** Job actions addressed by job id (PUT plan/job/{job_id}/action/{action}) that Resync offers. */
export type JobAction = 'hold' | 'release' | 'cancel';
