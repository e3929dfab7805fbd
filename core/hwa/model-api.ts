import { collectPages } from './paging.js';
import type { Requester } from './requester.js';
import type { ModelJobDefinition, ModelListQuery, ModelWorkstation, Page } from './types.js';

const enc = encodeURIComponent;

/** Reads of the model (database definitions): job definitions for tws, pool members for the knowledge sync. */
export function modelApi(r: Requester, requestId: string | undefined) {
  const listWorkstations = (offset: number, limit: number) =>
    r.json<Page<ModelWorkstation>>({
      method: 'GET',
      endpoint: 'model/workstation',
      path: 'model/workstation',
      query: { offset, limit } satisfies ModelListQuery,
      idempotent: true,
      requestId,
    });
  return {
    getJobDefinition: (id: string) =>
      r.json<ModelJobDefinition>({
        method: 'GET',
        endpoint: 'model/jobdefinition/{id}',
        path: `model/jobdefinition/${enc(id)}`,
        idempotent: true,
        requestId,
        subject: { what: 'Job definition', id },
      }),
    /** Every workstation definition, page by page (pools list their members here, not in the plan). */
    allWorkstations: (o: { pageSize?: number } = {}) => collectPages(listWorkstations, o.pageSize ?? 500),
  };
}

export type ModelApi = ReturnType<typeof modelApi>;
