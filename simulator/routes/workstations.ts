// Workstations in the plan: GET plan/workstation (OQL, paged) and plan/workstation/{workstation_id}.
import { SimError } from '../errors.js';
import { ok, type Route } from '../http/types.js';
import { workstationFields } from '../oql/fields.js';
import { parseOqlParam, runQuery } from '../oql/query.js';
import { paginate } from '../views/paging.js';
import { workstationView } from '../views/workstation.js';
import { pageRequest, viewContext } from './shared.js';

export const workstationRoutes: Route[] = [
  {
    method: 'GET',
    path: 'plan/workstation',
    handler: (req, core) => {
      const query = parseOqlParam(req.url.searchParams.get('oql'));
      const list = runQuery(core.state.workstations.values(), workstationFields(), query);
      const ctx = viewContext(core, req);
      return ok(paginate(list, pageRequest(req), (w) => workstationView(ctx, w)));
    },
  },
  {
    method: 'GET',
    path: 'plan/workstation/{workstation_id}',
    handler: (req, core) => {
      const id = req.params['workstation_id'] ?? '';
      const ws = core.state.workstations.get(id);
      if (!ws) throw new SimError('NOT_FOUND', `The workstation "${id}" was not found in the plan.`);
      return ok(workstationView(viewContext(core, req), ws));
    },
  },
];
