// Issue 7, item 2: the stateless services scale out on one Redis. Two gateways, two replicas of
// tws and agents (gateway-a → tws-1/agents-1, gateway-b → tws-2/agents-2), one of each other
// subgraph, each service its own runtime; only Redis connects the replicas (see scaled-stack.ts).
import {
  ChatDocument,
  ConversationDocument,
  HoldJobDocument,
  JobDocument,
  JobsDocument,
  JobStatusChangedDocument,
  PlanSummaryDocument,
  ReleaseJobDocument,
  ResyncError,
  type ChatSubscription,
} from '../../../sdk/index.js';
import { testRedisUrl } from '../../harness/services.js';
import { startScaledStack, type ScaledStack } from '../../harness/scaled-stack.js';
import { startGatedLlm, type GatedLlm } from './gated-llm.js';
import { metric, record, until, waitForChannelListeners } from './support.js';

jest.setTimeout(90_000);

const USER_BUDGET = 24;
const FIRST_HALF = ['LOAD_DW_SALES ', 'failed ', 'with ', 'ORA-01653; '];
const SECOND_HALF = ['extend ', 'the ', 'tablespace ', 'and ', 'rerun ', 'it.'];

describe('scale-out: two gateways and two replicas of tws and agents on one Redis', () => {
  let s: ScaledStack;
  let llm: GatedLlm;
  let holdable: Array<{ id: string; name: string }>;

  beforeAll(async () => {
    llm = await startGatedLlm(FIRST_HALF, SECOND_HALF);
    s = await startScaledStack({
      env: {
        TWS_POLL_INTERVAL_MS: '300',
        // Long enough that a stale entry would outlive the test: only an invalidation refreshes it.
        TWS_CACHE_STATUS_TTL_MS: '600000',
        RATE_LIMIT_USER_REQUESTS: String(USER_BUDGET),
        RATE_LIMIT_IP_REQUESTS: '100000',
        RATE_LIMIT_IP_WS_CONNECTIONS: '1000',
        OPENAI_API_KEY: 'test-key',
        OPENAI_BASE_URL: llm.url,
        OPENAI_MODEL: 'gated',
        RAG_EMBEDDINGS: 'offline',
      },
    });
    const { jobs } = await (
      await s.client(0, 'viewer', 'setup')
    ).request(JobsDocument, { filter: { status: ['WAITING'] }, first: 10 });
    holdable = jobs.edges.map((e) => e.node);
    expect(holdable.length).toBeGreaterThanOrEqual(2);
  });
  afterAll(async () => {
    await s?.stop();
    await llm?.stop();
  });

  it('runs every replica as its own service on the same Redis, with one status poller', async () => {
    const services = ['gateway', 'tws', 'agents'] as const;
    const replicas = [0, 1] as const;
    const ports = new Set(services.flatMap((name) => replicas.map((r) => s.instance(name, r).server.port)));
    expect(ports.size).toBe(6);
    expect(s.instance('tws', 0).runtime.redis).not.toBe(s.instance('tws', 1).runtime.redis);
    // tws-1 leads the poller; tws-2 only listens (see scaled-stack.ts).
    const leaders = await Promise.all(
      replicas.map((r) => metric(s.instance('tws', r).metricsUrl, 'resync_tws_poller_leader', {})),
    );
    expect(leaders).toEqual([1, 0]);
  });

  it('(a) delivers a jobStatusChanged event to the subscribers of both gateways exactly once each', async () => {
    const job = holdable[0]!;
    const [viaA, viaB] = await Promise.all([
      s.client(0, 'viewer', 'watch-a'),
      s.client(1, 'viewer', 'watch-b'),
    ]);
    const streams = [viaA, viaB].map((client) =>
      record(client.subscribe(JobStatusChangedDocument, { filter: { jobIds: [job.id] } })),
    );
    try {
      // Both replicas listen on the channel: each subscription has reached its tws replica.
      await waitForChannelListeners(testRedisUrl(), `${s.keyPrefix}tws:jobStatusChanged`, 2);
      const operator = await s.client(0, 'operator', 'op-a');
      await operator.request(HoldJobDocument, { id: job.id, reason: 'scale-out test' });
      await until(
        () => (streams.every((st) => st.events.length >= 1) ? true : undefined),
        'the HELD change on both gateways',
      );
      await operator.request(ReleaseJobDocument, { id: job.id });
      // The release is the marker: a duplicate HELD would arrive before it (one channel, in order).
      await until(
        () =>
          streams.every((st) => st.events.some((e) => e.jobStatusChanged.previousStatus === 'HELD'))
            ? true
            : undefined,
        'the release on both gateways',
      );
    } finally {
      await Promise.all(streams.map((st) => st.stop()));
    }
    for (const stream of streams) {
      expect(stream.failure()).toBeUndefined();
      expect(
        stream.events.map((e) => [
          e.jobStatusChanged.job.id,
          e.jobStatusChanged.previousStatus,
          e.jobStatusChanged.status,
        ]),
      ).toEqual([
        [job.id, 'WAITING', 'HELD'],
        [job.id, 'HELD', 'WAITING'],
      ]);
    }
    // One publication, two deliveries: the same change, detected at the same instant.
    expect(streams[1]!.events.map((e) => e.jobStatusChanged.at)).toEqual(
      streams[0]!.events.map((e) => e.jobStatusChanged.at),
    );
  });

  it('(b) shares the rate limit budget of a user across both gateways', async () => {
    const [viaA, viaB] = await Promise.all([
      s.client(0, 'viewer', 'greedy'),
      s.client(1, 'viewer', 'greedy'),
    ]);
    const half = USER_BUDGET / 2;
    for (let i = 0; i < half; i += 1) {
      await viaA.request(PlanSummaryDocument);
      await viaB.request(PlanSummaryDocument);
    }
    // Each gateway has seen only half the budget; only a shared count refuses now, on both.
    for (const client of [viaA, viaB]) {
      const refused = await client.request(PlanSummaryDocument).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(refused).toBeInstanceOf(ResyncError);
      expect(refused).toMatchObject({ code: 'RATE_LIMITED', status: 429, retryAfter: expect.any(Number) });
    }
    // Another user still has a whole budget, on either gateway.
    const other = await s.client(1, 'viewer', 'modest');
    await expect(other.request(PlanSummaryDocument)).resolves.toMatchObject({
      planSummary: { total: expect.any(Number) },
    });
  });

  it('(c) an action through tws-1 invalidates what tws-2 cached', async () => {
    const job = holdable[1]!;
    const tws2 = s.instance('tws', 1).metricsUrl;
    const [viaA, viaB] = await Promise.all([
      s.client(0, 'operator', 'op-c'),
      s.client(1, 'viewer', 'reader-c'),
    ]);
    const l1Hits = () =>
      metric(tws2, 'resync_cache_requests_total', { cache: 'tws', kind: 'job', level: 'l1', result: 'hit' });
    const remoteInvalidations = () =>
      metric(tws2, 'resync_cache_invalidations_total', {
        cache: 'tws',
        kind: 'job',
        scope: 'kind',
        origin: 'remote',
      });

    // tws-2 caches the job (10-minute TTL) and serves it from its own memory.
    expect((await viaB.request(JobDocument, { id: job.id })).job!.status).toBe('WAITING');
    const hitsBefore = await l1Hits();
    expect((await viaB.request(JobDocument, { id: job.id })).job!.status).toBe('WAITING');
    expect(await l1Hits()).toBeGreaterThan(hitsBefore);
    const invalidationsBefore = await remoteInvalidations();

    const held = await viaA.request(HoldJobDocument, { id: job.id, reason: 'scale-out cache test' });
    expect(held.holdJob.status).toBe('HELD');
    // tws-2 is not the poller leader and did not act: only tws-1's invalidation over Redis can refresh it.
    await until(
      async () =>
        (await viaB.request(JobDocument, { id: job.id })).job!.status === 'HELD' ? true : undefined,
      'tws-2 to serve HELD',
    );
    expect(await remoteInvalidations()).toBeGreaterThan(invalidationsBefore);
    await viaA.request(ReleaseJobDocument, { id: job.id });
  });

  it('(d) a chat streams on through the restart of the agents replica it is not connected to', async () => {
    const viaA = await s.client(0, 'viewer', 'carla');
    const events: Array<ChatSubscription['chat']> = [];
    const turn = viaA.subscribe(ChatDocument, {
      input: { agentId: 'general', message: 'Why did LOAD_DW_SALES fail?' },
    });
    const next = async () => {
      const step = await turn.next();
      if (step.done) throw new Error('the chat ended early');
      events.push(step.value.chat);
      return step.value.chat;
    };
    const started = await next();
    if (started.__typename !== 'ChatStarted') throw new Error(`first event: ${started.__typename}`);
    const { conversationId } = started;
    await llm.waitingAtGate();
    await until(
      async () => ((await next()).__typename === 'ChatDelta' ? true : undefined),
      'the first delta',
    );

    // Mid-answer (the model waits at the gate): agents-2 goes down and comes back as a new process.
    const restarted = await s.restart('agents', 1);
    const viaB = await s.client(1, 'viewer', 'carla');
    const during = await viaB.request(ConversationDocument, { id: conversationId });
    expect(during.conversation).toMatchObject({ id: conversationId, owner: 'carla' });

    llm.open();
    while (!['ChatCompleted', 'ChatFailed'].includes((await next()).__typename));
    await turn.return();
    const last = events.at(-1)!;
    if (last.__typename !== 'ChatCompleted') throw new Error(`the turn ended with ${JSON.stringify(last)}`);
    const text = [...FIRST_HALF, ...SECOND_HALF].join('');
    expect(last).toMatchObject({ conversationId, text, provider: 'openai' });
    expect(events.flatMap((e) => (e.__typename === 'ChatDelta' ? [e.text] : [])).join('')).toBe(text);

    // Readable through either gateway; the restarted replica serves it from Redis.
    for (const client of [viaA, viaB]) {
      const { conversation } = await client.request(ConversationDocument, { id: conversationId });
      expect(conversation!.messages.map((m) => [m.role, m.content])).toEqual([
        ['USER', 'Why did LOAD_DW_SALES fail?'],
        ['ASSISTANT', text],
      ]);
    }
    // And the conversation goes on through the restarted replica.
    const second: Array<ChatSubscription['chat']> = [];
    for await (const { chat } of viaB.subscribe(ChatDocument, {
      input: { agentId: 'general', message: 'And now?', conversationId },
    })) {
      second.push(chat);
      if (chat.__typename === 'ChatCompleted' || chat.__typename === 'ChatFailed') break;
    }
    expect(second.at(-1)).toMatchObject({ __typename: 'ChatCompleted', conversationId });
    expect(restarted.server.port).toBe(s.configB.subgraphs.agents.port);
    const { conversation } = await viaA.request(ConversationDocument, { id: conversationId });
    expect(conversation!.turns).toBe(2);
  });
});
