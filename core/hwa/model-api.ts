import { collectPages, walkPages } from './paging.js';
import type { Requester } from './requester.js';
import type { ModelJobDefinition, ModelJobStream, ModelListQuery, ModelWorkstation, Page } from './types.js';

const enc = encodeURIComponent;

export interface ModelListOptions {
  oql?: string | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
  /** `Only-Header: true`: names and keys without the bodies (cheaper). */
  onlyHeader?: boolean | undefined;
}

/** Reads of the model (database definitions): what the knowledge sync loads. */
export function modelApi(r: Requester, requestId: string | undefined) {
  const list =
    <T>(endpoint: string) =>
    (o: ModelListOptions = {}) => {
      const query: ModelListQuery = {
        ...(o.oql ? { oql: o.oql } : {}),
        ...(o.limit !== undefined ? { limit: o.limit } : {}),
        ...(o.offset !== undefined ? { offset: o.offset } : {}),
      };
      return r.json<Page<T>>({
        method: 'GET',
        endpoint,
        path: endpoint,
        query: query as Record<string, string | number>,
        idempotent: true,
        requestId,
        ...(o.onlyHeader ? { headers: { 'Only-Header': 'true' } } : {}),
      });
    };
  const byId =
    <T>(endpoint: string, what: string) =>
    (id: string) =>
      r.json<T>({
        method: 'GET',
        endpoint: `${endpoint}/{id}`,
        path: `${endpoint}/${enc(id)}`,
        idempotent: true,
        requestId,
        subject: { what, id },
      });
  const walk =
    <T>(fetch: (o: ModelListOptions) => Promise<Page<T>>) =>
    (o: Omit<ModelListOptions, 'limit' | 'offset'> & { pageSize?: number } = {}) =>
      walkPages((offset, limit) => fetch({ ...o, offset, limit }), o.pageSize ?? 500);
  const all =
    <T>(fetch: (o: ModelListOptions) => Promise<Page<T>>) =>
    (o: Omit<ModelListOptions, 'limit' | 'offset'> & { pageSize?: number } = {}) =>
      collectPages((offset, limit) => fetch({ ...o, offset, limit }), o.pageSize ?? 500);

  const listJobDefinitions = list<ModelJobDefinition>('model/jobdefinition');
  const listJobStreams = list<ModelJobStream>('model/jobstream');
  const listWorkstations = list<ModelWorkstation>('model/workstation');
  return {
    listJobDefinitions,
    walkJobDefinitions: walk(listJobDefinitions),
    allJobDefinitions: all(listJobDefinitions),
    getJobDefinition: byId<ModelJobDefinition>('model/jobdefinition', 'Job definition'),
    listJobStreams,
    walkJobStreams: walk(listJobStreams),
    allJobStreams: all(listJobStreams),
    getJobStream: byId<ModelJobStream>('model/jobstream', 'Job stream definition'),
    listWorkstations,
    allWorkstations: all(listWorkstations),
    getWorkstation: byId<ModelWorkstation>('model/workstation', 'Workstation definition'),
  };
}

export type ModelApi = ReturnType<typeof modelApi>;
