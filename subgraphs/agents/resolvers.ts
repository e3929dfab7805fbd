import { hasRole } from '../../core/auth/index.js';
import { BadUserInputError, ForbiddenError, UnauthenticatedError } from '../../core/errors/index.js';
import { DateTimeScalar } from '../../core/graphql/index.js';
import type { BaseContext } from '../../core/server/index.js';
import type { ActionService } from './actions.js';
import type { AgentService } from './agent-service.js';
import type { ChatEvent } from './chat/events.js';
import type { ChatService } from './chat/service.js';
import type { Caller, ConversationMeta, Proposal } from './model.js';
import type { ConversationStore } from './stores/conversation-store.js';
import type { ProposalStore } from './stores/proposal-store.js';
import { TOOLS } from './tools/catalog.js';

export interface ResolverDeps {
  agents: AgentService;
  chat: ChatService;
  actions: ActionService;
  conversations: ConversationStore;
  proposals: ProposalStore;
  historyMessages: number;
}

/** The caller as services need it; shield already refused anonymous requests. */
export function callerOf(ctx: BaseContext): Caller {
  if (!ctx.identity) throw new UnauthenticatedError();
  return {
    sub: ctx.identity.sub,
    roles: ctx.identity.roles,
    authorization: `Bearer ${ctx.identity.token}`,
    requestId: ctx.requestId,
  };
}

const isAdmin = (ctx: BaseContext) => ctx.identity !== null && hasRole(ctx.identity.roles, 'admin');

function boundedInt(value: unknown, name: string, min: number, max: number, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new BadUserInputError(`${name} must be an integer from ${min} to ${max}`);
  }
  return value;
}

const proposalView = (p: Proposal) => ({
  actionId: p.actionId,
  conversationId: p.conversationId,
  tool: p.tool,
  arguments: JSON.stringify(p.arguments),
  summary: p.summary,
  createdAt: p.createdAt,
  expiresAt: p.expiresAt,
});

export function createResolvers({
  agents,
  chat,
  actions,
  conversations,
  proposals,
  historyMessages,
}: ResolverDeps) {
  return {
    DateTime: DateTimeScalar,
    Query: {
      agents: () => agents.list(),
      agent: async (_: unknown, { id }: { id: string }) => (await agents.get(id)) ?? null,
      agentTools: () => TOOLS,
      conversations: async (
        _: unknown,
        args: { first?: number | null; after?: string | null; owner?: string | null },
        ctx: BaseContext,
      ) => {
        const first = boundedInt(args.first, 'first', 1, 100, 20);
        const caller = callerOf(ctx);
        if (args.owner && args.owner !== caller.sub && !isAdmin(ctx))
          throw new ForbiddenError("Only admins list other users' conversations");
        // An admin without `owner` sees everyone's; everyone else sees their own.
        const owner = isAdmin(ctx) ? (args.owner ?? undefined) : caller.sub;
        const page = await conversations.list(owner, first, args.after ?? undefined);
        return {
          edges: page.items.map((node, i) => ({ node, cursor: page.cursors[i]! })),
          pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor ?? null },
          totalCount: page.totalCount,
        };
      },
      conversation: async (_: unknown, { id }: { id: string }, ctx: BaseContext) => {
        const meta = await conversations.meta(id);
        // Another user's conversation reads as absent, so its existence does not leak.
        if (!meta || (meta.owner !== callerOf(ctx).sub && !isAdmin(ctx))) return null;
        return meta;
      },
    },
    Conversation: {
      messages: async (conversation: ConversationMeta, { last }: { last?: number | null }) => {
        const n = boundedInt(last, 'last', 0, historyMessages, Math.min(50, historyMessages));
        return (await conversations.get(conversation.id, n))?.messages ?? [];
      },
      pendingActions: async (conversation: ConversationMeta) =>
        (await proposals.pending(conversation.id)).map(proposalView),
    },
    Mutation: {
      createAgent: (_: unknown, { input }: { input: unknown }) => agents.create(input),
      updateAgent: (_: unknown, { id, input }: { id: string; input: unknown }) => agents.update(id, input),
      deleteAgent: (_: unknown, { id }: { id: string }) => agents.delete(id),
      approveAction: (_: unknown, { actionId }: { actionId: string }, ctx: BaseContext) =>
        actions.approve(callerOf(ctx), actionId),
      rejectAction: (_: unknown, { actionId }: { actionId: string }, ctx: BaseContext) =>
        actions.reject(callerOf(ctx), actionId),
    },
    Subscription: {
      chat: {
        subscribe: (_: unknown, { input }: { input: unknown }, ctx: BaseContext) =>
          chat.start(callerOf(ctx), input),
        resolve: (event: ChatEvent) => event,
      },
    },
    ChatEvent: {
      __resolveType: (event: ChatEvent) => event.__typename,
    },
  };
}
