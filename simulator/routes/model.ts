// Database (model) objects: GET model/{jobdefinition,jobstream,workstation} (OQL, paged, Only-Header)
// and GET model/.../{uuid}. Ad-hoc job definitions live only in the plan and are not listed.
import { SimError } from '../errors.js';
import { header } from '../http/params.js';
import { ok, type Route, type SimRequest } from '../http/types.js';
import type { FieldCatalogue } from '../oql/eval.js';
import { jobDefinitionFields, modelJobStreamFields, workstationFields } from '../oql/fields.js';
import { parseOqlParam, runQuery } from '../oql/query.js';
import type { PlanState } from '../plan/state.js';
import { jobDefinitionModel, jobStreamModel, workstationModel } from '../views/model.js';
import { paginate } from '../views/paging.js';
import { checkUuid, pageRequest } from './shared.js';
import type { SimCore } from '../core.js';

function onlyHeader(req: SimRequest): boolean {
  return header(req.headers, 'only-header')?.toLowerCase() === 'true';
}

interface ModelKind<T> {
  path: string;
  param: string;
  label: string;
  items: (state: PlanState) => Iterable<T>;
  byId: (state: PlanState, id: string) => T | undefined;
  fields: () => FieldCatalogue<T>;
  render: (state: PlanState, item: T, onlyHeader: boolean) => unknown;
}

function routesFor<T>(kind: ModelKind<T>): Route[] {
  return [
    {
      method: 'GET',
      path: kind.path,
      handler: (req, core: SimCore) => {
        const query = parseOqlParam(req.url.searchParams.get('oql'));
        const list = runQuery(kind.items(core.state), kind.fields(), query);
        const trimmed = onlyHeader(req);
        return ok(paginate(list, pageRequest(req), (item) => kind.render(core.state, item, trimmed)));
      },
    },
    {
      method: 'GET',
      path: `${kind.path}/{${kind.param}}`,
      handler: (req, core: SimCore) => {
        const id = req.params[kind.param] ?? '';
        checkUuid(id, kind.label);
        const item = kind.byId(core.state, id);
        if (!item)
          throw new SimError('NOT_FOUND', `The ${kind.label} "${id}" was not found in the database.`);
        return ok(kind.render(core.state, item, onlyHeader(req)));
      },
    },
  ];
}

export const modelRoutes: Route[] = [
  ...routesFor({
    path: 'model/jobdefinition',
    param: 'jobDefinition_id',
    label: 'job definition',
    items: (s) => [...s.definitions.values()].filter((d) => !d.adHoc),
    byId: (s, id) => {
      const d = s.definitions.get(id);
      return d && !d.adHoc ? d : undefined;
    },
    fields: jobDefinitionFields,
    render: jobDefinitionModel,
  }),
  ...routesFor({
    path: 'model/jobstream',
    param: 'jobStream_id',
    label: 'job stream',
    items: (s) => s.modelStreams.values(),
    byId: (s, id) => s.modelStreams.get(id),
    fields: modelJobStreamFields,
    render: jobStreamModel,
  }),
  ...routesFor({
    path: 'model/workstation',
    param: 'workstation_id',
    label: 'workstation',
    items: (s) => s.workstations.values(),
    byId: (s, id) => [...s.workstations.values()].find((w) => w.modelId === id),
    fields: workstationFields,
    render: workstationModel,
  }),
];
