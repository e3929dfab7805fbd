// Job streams in the plan: GET plan/jobstream (list, without dependencies/jobs), /{id} (full), /count.
import { checkPlanId } from '../http/params.js';
import { ok, type Route } from '../http/types.js';
import { jobStreamFields } from '../oql/fields.js';
import { parsePlanFilter } from '../oql/plan-filter.js';
import { parseOqlParam, runQuery } from '../oql/query.js';
import { streamStatus } from '../plan/derive.js';
import type { SimJobStream } from '../plan/types.js';
import { commonStatusOfStream } from '../statuses.js';
import { jobStreamView } from '../views/jobstream.js';
import { paginate } from '../views/paging.js';
import { groupedCount } from './jobs.js';
import { findStream, pageRequest, viewContext } from './shared.js';

export const jobStreamRoutes: Route[] = [
  {
    method: 'GET',
    path: 'plan/jobstream',
    handler: (req, core) => {
      checkPlanId(req.url, core.state.planId);
      const query = parseOqlParam(req.url.searchParams.get('oql'));
      let streams = runQuery(core.state.streamOrder, jobStreamFields(core.state), query);
      const planFilter = req.url.searchParams.get('plan_filter');
      if (planFilter) {
        const filter = parsePlanFilter(planFilter, 'jobstream');
        streams = streams.filter((s) => filter.matches(s.workstation, s.name));
      }
      if (req.url.searchParams.get('submitted_by_me') === 'true')
        streams = streams.filter((s) => s.submitter === req.user);
      const ctx = viewContext(core, req);
      return ok(paginate(streams, pageRequest(req), (s) => jobStreamView(ctx, s, false)));
    },
  },
  {
    method: 'GET',
    path: 'plan/jobstream/count',
    handler: (req, core) => {
      checkPlanId(req.url, core.state.planId);
      const filter = parsePlanFilter(req.url.searchParams.get('plan_filter') ?? '/@/@#/@/@', 'jobstream');
      const streams = core.state.streamOrder.filter((s) => filter.matches(s.workstation, s.name));
      return ok(
        groupedCount(streams, req.url.searchParams.get('grouping_filters'), {
          status: (s: SimJobStream) => streamStatus(core.state, s),
          commonStatus: (s: SimJobStream) => commonStatusOfStream(streamStatus(core.state, s), s.held),
          workstation: (s: SimJobStream) => s.workstation,
          folder: () => '/',
        }),
      );
    },
  },
  {
    method: 'GET',
    path: 'plan/jobstream/{jobstream_id}',
    handler: (req, core) => {
      checkPlanId(req.url, core.state.planId);
      return ok(
        jobStreamView(viewContext(core, req), findStream(core, req.params['jobstream_id'] ?? ''), true),
      );
    },
  },
];
