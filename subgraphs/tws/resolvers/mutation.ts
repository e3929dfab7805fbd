import type { TwsContext } from '../context.js';
import type { JobMutation } from '../services/actions.js';

interface ActionArgs {
  id: string;
  reason?: string | null;
  ticket?: string | null;
}

const action =
  (kind: JobMutation) =>
  (_: unknown, { id, reason, ticket }: ActionArgs, ctx: TwsContext) =>
    ctx.tws.act({ action: kind, jobId: id, reason, ticket });

export const mutationResolvers = {
  rerunJob: action('rerun'),
  holdJob: action('hold'),
  releaseJob: action('release'),
  cancelJob: action('cancel'),
};
