// The generated SDK against the whole stack, the way a front-end or a bot uses it: typed
// documents from schema/operations, `request` over HTTP, `subscribe` over graphql-ws through the
// gateway, refusals as ResyncError with the API's codes.
import neo4j from 'neo4j-driver';
import WebSocket from 'ws';
import type { Role } from '../../../core/auth/index.js';
import {
  AgentsDocument,
  ApproveActionDocument,
  AskDocument,
  ChatDocument,
  ConversationDocument,
  ConversationsDocument,
  createResyncClient,
  DeleteDocumentDocument,
  GraphSummaryDocument,
  HealthChangedDocument,
  HealthDocument,
  HoldJobDocument,
  IngestDocumentDocument,
  JobDetailDocument,
  JobsDocument,
  JobStatusChangedDocument,
  PlanSummaryDocument,
  ReleaseJobDocument,
  ResyncError,
  SearchDocumentsDocument,
  type ChatInput,
  type ChatSubscription,
  type JobStatusChangedSubscription,
  type ResyncClient,
} from '../../../sdk/index.js';
import { jobIdOf } from '../../../simulator/index.js';
import { testNeo4jUri, testRedisUrl, uniquePrefix } from '../../harness/services.js';
import { startTestStack, type TestStack } from '../../harness/stack.js';
import { until, waitForChannelListeners } from '../scale/support.js';

jest.setTimeout(60_000);

const FROZEN = { clock: { mode: 'manual' as const, now: new Date('2026-03-09T15:00:00Z') } };
const LOAD = jobIdOf('ETL_SALES', 'LOAD_DW_SALES');
const WAITING_JOB = jobIdOf('FIN_CLOSE', 'FC_IMPORT_SALES');

type ChatEvent = ChatSubscription['chat'];

/** Streams one chat turn through the SDK until its last event. */
async function chatTurn(client: ResyncClient, input: ChatInput): Promise<ChatEvent[]> {
  const events: ChatEvent[] = [];
  for await (const { chat } of client.subscribe(ChatDocument, { input })) {
    events.push(chat);
    if (chat.__typename === 'ChatCompleted' || chat.__typename === 'ChatFailed') break;
  }
  return events;
}

async function rejection(promise: Promise<unknown>): Promise<ResyncError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ResyncError)) throw new Error(`expected a ResyncError, got ${String(error)}`);
  return error;
}

describe('the generated SDK through the gateway', () => {
  const graph = uniquePrefix('e2e_sdk_kg');
  let t: TestStack;
  const clients: ResyncClient[] = [];
  const sdk = async (role: Role | null, sub?: string): Promise<ResyncClient> => {
    const token = role ? await t.token(role, sub) : undefined;
    const client = createResyncClient({
      url: t.url,
      ...(token ? { token } : {}),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
    });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    t = await startTestStack({
      env: { KNOWLEDGE_GRAPH: graph, TWS_POLL_INTERVAL_MS: '300' },
      simulator: FROZEN,
    });
    // The knowledge graph loads at start (KNOWLEDGE_SYNC_ON_START=if-empty); impact needs it.
    const viewer = await sdk('viewer');
    await until(
      async () => (await viewer.request(GraphSummaryDocument)).graphSummary.lastSyncedAt ?? undefined,
      'the start-up sync',
      30_000,
    );
  });
  afterAll(async () => {
    await Promise.allSettled(clients.map((c) => c.dispose()));
    await t?.stop();
    const driver = neo4j.driver(testNeo4jUri());
    await driver.executeQuery('MATCH (n) WHERE n.graph = $graph DETACH DELETE n', { graph });
    await driver.close();
  });

  it('serves a dashboard: jobs by status, plan summary, one job with log, impact and runbooks, health', async () => {
    const viewer = await sdk('viewer', 'dana');
    const { jobs } = await viewer.request(JobsDocument, { filter: { status: ['ERROR'] }, first: 100 });
    const names = jobs.edges.map((e) => e.node.name);
    expect(names).toContain('LOAD_DW_SALES');
    expect(new Set(jobs.edges.map((e) => e.node.status))).toEqual(new Set(['ERROR']));
    expect(jobs.totalCount).toBe(jobs.edges.length);

    const { planSummary } = await viewer.request(PlanSummaryDocument);
    expect(planSummary.byStatus.reduce((sum, s) => sum + s.count, 0)).toBe(planSummary.total);
    expect(planSummary.byStatus.find((s) => s.status === 'ERROR')?.count).toBe(jobs.totalCount);

    const { job } = await viewer.request(JobDetailDocument, { id: LOAD, logLines: 20 });
    expect(job).toMatchObject({
      id: LOAD,
      name: 'LOAD_DW_SALES',
      status: 'ERROR',
      jobStream: { name: 'ETL_SALES' },
    });
    expect(job!.log).toContain('ORA-01653');
    expect(job!.runs.at(-1)).toMatchObject({ status: 'ERROR', lastInRerunChain: true });
    expect(job!.impact!.count).toBeGreaterThan(0);
    expect(job!.impact!.jobs.map((j) => j.name)).toEqual(
      expect.arrayContaining(job!.successors!.map((s) => s.name)),
    );
    expect(job!.runbooks.length).toBeGreaterThan(0);
    expect(job!.runbooks[0]!.text).toContain('LOAD_DW_SALES');

    const { health } = await viewer.request(HealthDocument);
    expect(health.components.map((c) => c.name)).toEqual(
      expect.arrayContaining(['redis', 'hwa', 'subgraph:tws']),
    );
  });

  it('runs operator actions and streams their status changes; refusals are typed errors', async () => {
    const operator = await sdk('operator', 'oscar');
    const anonymous = await sdk(null);
    const viewer = await sdk('viewer', 'vic');

    expect((await rejection(anonymous.request(PlanSummaryDocument))).code).toBe('UNAUTHENTICATED');
    const forbidden = await rejection(viewer.request(HoldJobDocument, { id: WAITING_JOB }));
    expect(forbidden.code).toBe('FORBIDDEN');
    expect(forbidden.requestId).toEqual(expect.any(String));

    const changes: JobStatusChangedSubscription['jobStatusChanged'][] = [];
    const stream = viewer.subscribe(JobStatusChangedDocument, { filter: { jobIds: [WAITING_JOB] } });
    const reading = (async () => {
      for await (const { jobStatusChanged } of stream) {
        changes.push(jobStatusChanged);
        if (jobStatusChanged.previousStatus === 'HELD') break;
      }
    })();
    try {
      await waitForChannelListeners(testRedisUrl(), `${t.config.redis.keyPrefix}tws:jobStatusChanged`, 1);
      const held = await operator.request(HoldJobDocument, { id: WAITING_JOB, reason: 'SDK e2e' });
      expect(held.holdJob).toMatchObject({ id: WAITING_JOB, status: 'HELD' });
      const again = await rejection(operator.request(HoldJobDocument, { id: WAITING_JOB }));
      expect(again.code).toBe('BAD_USER_INPUT');
      expect(again.message).toContain('FC_IMPORT_SALES');
      await until(() => changes.find((c) => c.status === 'HELD'), 'the HELD change');
      const released = await operator.request(ReleaseJobDocument, { id: WAITING_JOB });
      expect(released.releaseJob.status).toBe('WAITING');
      await reading;
    } finally {
      await stream.return();
    }
    expect(changes.map((c) => [c.previousStatus, c.status])).toEqual([
      ['WAITING', 'HELD'],
      ['HELD', 'WAITING'],
    ]);
    expect(changes[0]!.job).toMatchObject({
      id: WAITING_JOB,
      name: 'FC_IMPORT_SALES',
      jobStream: { name: 'FIN_CLOSE' },
    });
  });

  it('ingests, finds, cites and deletes a runbook', async () => {
    const operator = await sdk('operator', 'oscar');
    const admin = await sdk('admin', 'root');
    const marker = `SDKTEST_${Date.now().toString(36).toUpperCase()}`;
    const { ingestDocument } = await operator.request(IngestDocumentDocument, {
      input: {
        filename: 'sdk-runbook.md',
        text: `# ${marker} recovery\n\nWhen ${marker} fails with RC=12, clear the staging table and rerun ${marker}.`,
        tags: ['sdk'],
      },
    });
    expect(ingestDocument).toMatchObject({
      created: true,
      document: { filename: 'sdk-runbook.md', source: 'UPLOAD', ingestedBy: 'oscar' },
    });
    const id = ingestDocument.document.id;
    try {
      const { searchDocuments } = await operator.request(SearchDocumentsDocument, {
        query: `${marker} RC=12`,
        limit: 3,
      });
      expect(searchDocuments[0]).toMatchObject({
        documentId: id,
        identifiers: expect.arrayContaining([marker]),
      });
      const { ask } = await operator.request(AskDocument, { question: `How do I recover ${marker}?` });
      expect(ask.citations.map((c) => c.documentId)).toContain(id);
      expect((await rejection(operator.request(DeleteDocumentDocument, { id }))).code).toBe('FORBIDDEN');
    } finally {
      const { deleteDocument } = await admin.request(DeleteDocumentDocument, { id });
      expect(deleteDocument).toMatchObject({ id, deletedChunks: expect.any(Number) });
    }
  });

  it('streams a chat, continues it, and reads the conversation back', async () => {
    const viewer = await sdk('viewer', 'vera');
    const { agents } = await viewer.request(AgentsDocument);
    expect(agents.map((a) => a.id)).toEqual(expect.arrayContaining(['general', 'troubleshooter']));

    const first = await chatTurn(viewer, { agentId: 'general', message: 'Quais jobs estão em ABEND?' });
    expect(first[0]?.__typename).toBe('ChatStarted');
    const last = first.at(-1)!;
    if (last.__typename !== 'ChatCompleted') throw new Error(`turn ended with ${last.__typename}`);
    const deltas = first.flatMap((e) => (e.__typename === 'ChatDelta' ? [e.text] : []));
    expect(deltas.join('')).toBe(last.text);
    expect(last.text).toContain('LOAD_DW_SALES');
    expect(first.some((e) => e.__typename === 'ChatToolCall' && e.tool === 'find_jobs')).toBe(true);

    const second = await chatTurn(viewer, {
      agentId: 'general',
      message: 'e o resumo do plano?',
      conversationId: last.conversationId,
    });
    expect(second.at(-1)).toMatchObject({ __typename: 'ChatCompleted', conversationId: last.conversationId });

    const { conversation } = await viewer.request(ConversationDocument, { id: last.conversationId });
    expect(conversation).toMatchObject({ owner: 'vera', turns: 2 });
    expect(conversation!.messages.map((m) => m.role)).toEqual(['USER', 'ASSISTANT', 'USER', 'ASSISTANT']);
    expect(conversation!.messages[1]!.content).toBe(last.text);
    const { conversations } = await viewer.request(ConversationsDocument, { first: 10 });
    expect(conversations.edges.map((e) => e.node.id)).toContain(last.conversationId);

    // Someone else's conversation cannot be continued: the refusal arrives as a typed error.
    const intruder = await sdk('viewer', 'mallory');
    const refused = await rejection(
      chatTurn(intruder, { agentId: 'general', message: 'oi', conversationId: last.conversationId }),
    );
    expect(refused.code).toBe('NOT_FOUND');
  });

  it('approves an action an agent proposed', async () => {
    const operator = await sdk('operator', 'olga');
    const before = (await operator.request(JobDetailDocument, { id: LOAD })).job!.runs.length;
    const events = await chatTurn(operator, { agentId: 'general', message: 'rerun LOAD_DW_SALES' });
    const proposed = events.find((e) => e.__typename === 'ChatActionProposed');
    if (proposed?.__typename !== 'ChatActionProposed') throw new Error('no proposal');
    expect(proposed.tool).toBe('rerun_job');

    const viewer = await sdk('viewer', 'olga');
    expect(
      (await rejection(viewer.request(ApproveActionDocument, { actionId: proposed.actionId }))).code,
    ).toBe('FORBIDDEN');
    const { approveAction } = await operator.request(ApproveActionDocument, { actionId: proposed.actionId });
    expect(approveAction).toMatchObject({
      actionId: proposed.actionId,
      status: 'EXECUTED',
      ok: true,
      tool: 'rerun_job',
    });
    expect((await operator.request(JobDetailDocument, { id: LOAD })).job!.runs).toHaveLength(before + 1);
  });

  it('leaves an idle subscription at once', async () => {
    const viewer = await sdk('viewer');
    const stream = viewer.subscribe(HealthChangedDocument);
    const waiting = stream.next();
    await expect(stream.return()).resolves.toEqual({ value: undefined, done: true });
    await expect(waiting).resolves.toEqual({ value: undefined, done: true });
  });
});
