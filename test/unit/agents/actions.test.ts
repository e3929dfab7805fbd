import { createAuditLog, createKeyRing, createMemoryAuditStore } from '../../../core/audit/index.js';
import { UpstreamUnavailableError } from '../../../core/errors/index.js';
import { silentLogger } from '../../../core/logger.js';
import { createMetricsRegistry } from '../../../core/metrics.js';
import { createActionService } from '../../../subgraphs/agents/actions.js';
import type { Caller, Proposal } from '../../../subgraphs/agents/model.js';
import { createMemoryConversationStore } from '../../../subgraphs/agents/stores/conversation-store.js';
import { createMemoryProposalStore } from '../../../subgraphs/agents/stores/proposal-store.js';
import type { GatewayClient, GatewayResult } from '../../../subgraphs/agents/tools/gateway-client.js';
import { loadOperations } from '../../../subgraphs/agents/tools/operations.js';

const alice: Caller = { sub: 'alice', roles: ['operator'], authorization: 'Bearer t', requestId: 'r' };

function proposal(actionId: string, ttlSeconds = 600): Proposal {
  const now = Date.now();
  return {
    actionId,
    conversationId: 'c1',
    owner: 'alice',
    agentId: 'general',
    tool: 'rerun_job',
    arguments: { job: 'ETL_SALES.LOAD_DW_SALES' },
    jobId: 'job-1',
    jobName: 'ETL_SALES.LOAD_DW_SALES',
    summary: 'rerun ETL_SALES.LOAD_DW_SALES',
    createdAt: new Date(now).toISOString(),
    expiresAt: new Date(now + ttlSeconds * 1000).toISOString(),
  };
}

/** The gateway answers each approval from the script, in order. */
function setup(answers: Array<GatewayResult<unknown> | Error>) {
  const proposals = createMemoryProposalStore();
  const registry = createMetricsRegistry('test', { defaults: false });
  let sent = 0;
  const gateway: GatewayClient = {
    execute: async <T>() => {
      sent += 1;
      const next = answers.shift();
      if (!next || next instanceof Error) throw next ?? new Error('no answer scripted');
      return next as GatewayResult<T>;
    },
  };
  const actions = createActionService({
    proposals,
    conversations: createMemoryConversationStore({ historyMessages: 20, ttlSeconds: 60 }),
    gateway,
    operations: loadOperations(),
    audit: createAuditLog({
      store: createMemoryAuditStore(`actions-${Math.random()}:`),
      ring: createKeyRing([{ id: 'k', secret: Buffer.alloc(32, 3).toString('base64') }], 'k'),
      logger: silentLogger(),
      registry,
      usingDevelopmentKey: false,
    }),
    logger: silentLogger(),
  });
  return { actions, proposals, sent: () => sent };
}

const refused = (code: string, message: string): GatewayResult<unknown> => ({
  data: null,
  errors: [{ code, message }],
});
const rerun = { data: { rerunJob: { status: 'READY', runs: [{ attempt: 1 }, { attempt: 2 }] } }, errors: [] };

describe('approving a proposed action', () => {
  it.each([
    ['RATE_LIMITED', 'Too many requests; retry after 2s'],
    ['UNAUTHENTICATED', 'Authentication required: send a valid bearer token'],
  ])(
    'keeps the proposal when the gateway refused with %s (nothing ran), so it can be approved again',
    async (code, message) => {
      const { actions, proposals, sent } = setup([refused(code, message), rerun]);
      const original = proposal('a1');
      await proposals.save(original, 600);
      const first = await actions.approve(alice, 'a1');
      expect(first).toMatchObject({ ok: false, errorCode: code });
      expect(first.message).toMatch(/nothing ran and the proposal is still pending/);
      expect(await proposals.get('a1')).toEqual(original); // same action, same expiry
      expect(await actions.approve(alice, 'a1')).toMatchObject({ ok: true, status: 'EXECUTED' });
      expect(sent()).toBe(2);
      await expect(actions.approve(alice, 'a1')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    },
  );

  it('keeps the proposal when the gateway breaker was open (nothing was sent)', async () => {
    const open = Object.assign(new Error('Breaker is open'), { code: 'EOPENBREAKER' });
    const { actions, proposals } = setup([
      new UpstreamUnavailableError('gateway', 'The gateway breaker is open', { cause: open }),
    ]);
    await proposals.save(proposal('a2'), 600);
    expect((await actions.approve(alice, 'a2')).message).toMatch(/still pending/);
    expect(await proposals.get('a2')).toBeDefined();
  });

  it('consumes the proposal when the mutation may have run, or was refused for a reason that stays', async () => {
    const { actions, proposals } = setup([
      refused('BAD_USER_INPUT', 'The job is running'),
      new UpstreamUnavailableError('gateway', 'The gateway did not answer the tool call'),
    ]);
    await proposals.save(proposal('a3'), 600);
    await proposals.save(proposal('a4'), 600);
    expect(await actions.approve(alice, 'a3')).toMatchObject({ ok: false, errorCode: 'BAD_USER_INPUT' });
    expect((await actions.approve(alice, 'a4')).message).toMatch(/outcome is unknown/);
    expect(await proposals.get('a3')).toBeUndefined();
    expect(await proposals.get('a4')).toBeUndefined();
  });

  it('does not bring back a proposal that expired meanwhile', async () => {
    const { actions, proposals } = setup([refused('RATE_LIMITED', 'Too many requests')]);
    const expiring = proposal('a5', 0.5);
    await proposals.save(expiring, 600); // stored longer than its own expiry says
    const outcome = await actions.approve(alice, 'a5');
    expect(outcome.message).not.toMatch(/still pending/);
    expect(await proposals.get('a5')).toBeUndefined();
  });
});
