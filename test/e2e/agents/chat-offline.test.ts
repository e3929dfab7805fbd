import { Redis } from 'ioredis';
import { auditKeys } from '../../../core/audit/index.js';
import { startTestStack, type TestStack } from '../../harness/stack.js';
import { testRedisUrl } from '../../harness/services.js';
import { chat, ofType } from './support.js';

// The default configuration: no LLM key, so the offline responder answers — through the same
// chat loop, tools (GraphQL through the gateway with the user's token), proposals and audit.

interface JobNode {
  id: string;
  name: string;
  status: string;
  runs: Array<{ attempt: number }>;
}

describe('agents through the gateway with no LLM key (offline responder)', () => {
  let t: TestStack;
  beforeAll(async () => {
    t = await startTestStack();
  }, 60_000);
  afterAll(async () => {
    await t?.stop();
  }, 30_000);

  const allJobs = async () => {
    const res = await t.query<{ jobs: { edges: Array<{ node: JobNode }> } }>(
      '{ jobs(first: 500) { edges { node { id name status runs { attempt } } } } }',
      { role: 'viewer' },
    );
    expect(res.errors).toBeUndefined();
    return res.data!.jobs.edges.map((e) => e.node);
  };

  it('a viewer asks "Quais jobs estão em ABEND?" and gets the ERROR jobs, streamed, and no other job', async () => {
    const client = await t.ws('viewer', 'vera');
    try {
      const { types, events, last, errors } = await chat(client, {
        agentId: 'general',
        message: 'Quais jobs estão em ABEND?',
      });
      expect(errors).toEqual([]);
      expect(types[0]).toBe('ChatStarted');
      expect(types).toEqual(expect.arrayContaining(['ChatToolCall', 'ChatToolResult', 'ChatDelta']));
      expect(last).toMatchObject({ __typename: 'ChatCompleted', provider: 'offline' });
      expect(ofType(events, 'ChatToolCall')[0]).toMatchObject({ tool: 'find_jobs' });
      expect(ofType(events, 'ChatToolResult')[0]).toMatchObject({ tool: 'find_jobs', ok: true });
      const text = String(last!['text']);
      expect(
        ofType(events, 'ChatDelta')
          .map((d) => d['text'])
          .join(''),
      ).toBe(text);

      const jobs = await allJobs();
      const inError = new Set(jobs.filter((j) => j.status === 'ERROR').map((j) => j.name));
      const named = jobs.map((j) => j.name).filter((name) => new RegExp(`\\b${name}\\b`).test(text));
      expect(named).toContain('LOAD_DW_SALES');
      expect(named.filter((name) => !inError.has(name))).toEqual([]);
      expect((last!['usage'] as { totalTokens: number }).totalTokens).toBeGreaterThan(0);
    } finally {
      await client.dispose();
    }
  });

  it('"rerun LOAD_DW_SALES" from an operator is proposed; a viewer cannot approve it; the operator’s approval reruns the job once', async () => {
    const before = (await allJobs()).find((j) => j.name === 'LOAD_DW_SALES')!;
    const client = await t.ws('operator', 'olga');
    let actionId: string;
    let conversationId: string;
    try {
      const { events, last } = await chat(client, { agentId: 'general', message: 'rerun LOAD_DW_SALES' });
      const proposed = ofType(events, 'ChatActionProposed');
      expect(proposed).toHaveLength(1);
      expect(proposed[0]).toMatchObject({
        tool: 'rerun_job',
        summary: expect.stringContaining('ETL_SALES.LOAD_DW_SALES'),
      });
      actionId = String(proposed[0]!['actionId']);
      conversationId = String(last!['conversationId']);
      expect(String(last!['text'])).toContain(actionId);
    } finally {
      await client.dispose();
    }
    // Nothing ran yet.
    expect((await allJobs()).find((j) => j.id === before.id)!.runs).toHaveLength(before.runs.length);

    const approve =
      'mutation Approve($id: ID!) { approveAction(actionId: $id) { actionId status ok message conversationId } }';
    const byViewer = await t.query(approve, {
      token: await t.token('viewer', 'olga'),
      variables: { id: actionId },
    });
    expect(byViewer.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');

    const byOtherOperator = await t.query(approve, {
      token: await t.token('operator', 'someone-else'),
      variables: { id: actionId },
    });
    expect(byOtherOperator.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');

    const ok = await t.query<{ approveAction: Record<string, unknown> }>(approve, {
      token: await t.token('operator', 'olga'),
      variables: { id: actionId },
    });
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.approveAction).toMatchObject({ actionId, status: 'EXECUTED', ok: true, conversationId });
    const after = (await allJobs()).find((j) => j.id === before.id)!;
    expect(after.runs).toHaveLength(before.runs.length + 1);

    const again = await t.query(approve, {
      token: await t.token('operator', 'olga'),
      variables: { id: actionId },
    });
    expect(again.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');

    const conversation = await t.query<{
      conversation: { messages: Array<{ role: string; content: string }>; pendingActions: unknown[] };
    }>(
      'query C($id: ID!) { conversation(id: $id) { messages { role content } pendingActions { actionId } } }',
      { token: await t.token('operator', 'olga'), variables: { id: conversationId } },
    );
    const messages = conversation.data!.conversation.messages;
    expect(messages.map((m) => m.role)).toEqual(['USER', 'ASSISTANT', 'ACTION']);
    expect(messages[2]!.content).toMatch(/^Done \(approved by you\): rerun ETL_SALES\.LOAD_DW_SALES/);
    expect(conversation.data!.conversation.pendingActions).toEqual([]);
  });

  it('"rerun LOAD_DW_SALES" from a viewer proposes nothing and says an operator is needed', async () => {
    const client = await t.ws('viewer', 'vince');
    try {
      const { events, last, errors } = await chat(client, {
        agentId: 'general',
        message: 'rerun LOAD_DW_SALES',
      });
      expect(errors).toEqual([]);
      expect(ofType(events, 'ChatActionProposed')).toEqual([]);
      expect(ofType(events, 'ChatToolCall')).toEqual([]);
      expect(last).toMatchObject({
        __typename: 'ChatCompleted',
        text: expect.stringMatching(
          /cannot propose to \*\*rerun\*\* that job here: .*needs the operator role/,
        ),
      });
      const pending = await t.query<{ conversation: { pendingActions: unknown[] } }>(
        'query C($id: ID!) { conversation(id: $id) { pendingActions { actionId } } }',
        { token: await t.token('viewer', 'vince'), variables: { id: String(last!['conversationId']) } },
      );
      expect(pending.data!.conversation.pendingActions).toEqual([]);
    } finally {
      await client.dispose();
    }
  });

  it('a rejected proposal is discarded and cannot be approved', async () => {
    const client = await t.ws('operator', 'rita');
    try {
      const { events } = await chat(client, {
        agentId: 'general',
        message: 'coloque o PAY_CALC_NET em hold',
      });
      const actionId = String(ofType(events, 'ChatActionProposed')[0]!['actionId']);
      const token = await t.token('operator', 'rita');
      const rejected = await t.query<{ rejectAction: { status: string } }>(
        'mutation($id: ID!) { rejectAction(actionId: $id) { status ok } }',
        { token, variables: { id: actionId } },
      );
      expect(rejected.data!.rejectAction.status).toBe('REJECTED');
      const approved = await t.query('mutation($id: ID!) { approveAction(actionId: $id) { ok } }', {
        token,
        variables: { id: actionId },
      });
      expect(approved.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
    } finally {
      await client.dispose();
    }
  });

  it('keeps conversations private: the owner and admins read them, other users do not', async () => {
    const client = await t.ws('viewer', 'paula');
    let conversationId: string;
    try {
      const { last } = await chat(client, { agentId: 'general', message: 'resumo do plano' });
      conversationId = String(last!['conversationId']);
      // A follow-up turn continues the same conversation.
      const second = await chat(client, {
        agentId: 'general',
        message: 'quais workstations estão desconectadas?',
        conversationId,
      });
      expect(second.last).toMatchObject({ __typename: 'ChatCompleted', conversationId });
      const stranger = await chat(client, { agentId: 'general', message: 'oi', conversationId: 'not-mine' });
      expect(stranger.errors[0]?.extensions?.['code']).toBe('NOT_FOUND');
    } finally {
      await client.dispose();
    }
    const read =
      'query C($id: ID!) { conversation(id: $id) { owner turns usage { totalTokens } messages { role } } }';
    const own = await t.query<{ conversation: { owner: string; turns: number; messages: unknown[] } | null }>(
      read,
      { token: await t.token('viewer', 'paula'), variables: { id: conversationId } },
    );
    expect(own.data!.conversation).toMatchObject({ owner: 'paula', turns: 2 });
    expect(own.data!.conversation!.messages).toHaveLength(4);
    const other = await t.query<{ conversation: unknown }>(read, {
      token: await t.token('operator', 'mallory'),
      variables: { id: conversationId },
    });
    expect(other.errors).toBeUndefined();
    expect(other.data!.conversation).toBeNull();
    const admin = await t.query<{ conversation: { owner: string } | null }>(read, {
      token: await t.token('admin', 'root'),
      variables: { id: conversationId },
    });
    expect(admin.data!.conversation!.owner).toBe('paula');

    const list =
      'query L($owner: String) { conversations(first: 50, owner: $owner) { totalCount edges { node { id owner } } } }';
    const mine = await t.query<{ conversations: { edges: Array<{ node: { owner: string } }> } }>(list, {
      token: await t.token('viewer', 'paula'),
    });
    expect(new Set(mine.data!.conversations.edges.map((e) => e.node.owner))).toEqual(new Set(['paula']));
    const snooping = await t.query(list, {
      token: await t.token('viewer', 'mallory'),
      variables: { owner: 'paula' },
    });
    expect(snooping.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    const everyone = await t.query<{ conversations: { edges: Array<{ node: { owner: string } }> } }>(list, {
      token: await t.token('admin', 'root'),
    });
    expect(everyone.data!.conversations.edges.map((e) => e.node.owner)).toEqual(
      expect.arrayContaining(['paula', 'olga', 'vera']),
    );
  });

  it('validates chat input before starting a turn', async () => {
    const client = await t.ws('viewer', 'vera');
    try {
      const tooLong = await chat(client, {
        agentId: 'general',
        message: 'x'.repeat(t.config.agents.maxMessageChars + 1),
      });
      expect(tooLong.errors[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
      const empty = await chat(client, { agentId: 'general', message: '   ' });
      expect(empty.errors[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
      const unknown = await chat(client, { agentId: 'no-such-agent', message: 'hello' });
      expect(unknown.errors[0]?.extensions?.['code']).toBe('NOT_FOUND');
    } finally {
      await client.dispose();
    }
  });

  it('lets admins manage agent definitions; built-in agents cannot be deleted', async () => {
    const admin = await t.token('admin', 'root');
    const create = `mutation { createAgent(input: { name: "Read-only helper", description: "Looks only", systemPrompt: "Be brief.", provider: OFFLINE, tools: ["find_jobs", "plan_summary"] }) { id provider tools builtIn } }`;
    const created = await t.query<{
      createAgent: { id: string; provider: string; tools: string[]; builtIn: boolean };
    }>(create, { token: admin });
    expect(created.data!.createAgent).toEqual({
      id: 'read-only-helper',
      provider: 'OFFLINE',
      tools: ['find_jobs', 'plan_summary'],
      builtIn: false,
    });
    expect((await t.query(create, { role: 'operator' })).errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    const badTool = await t.query(
      'mutation { createAgent(input: { name: "x", description: "", systemPrompt: "p", tools: ["rm_rf"] }) { id } }',
      { token: admin },
    );
    expect(badTool.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');

    // A read-only agent cannot propose actions: the tool is not offered.
    const client = await t.ws('operator', 'olga');
    try {
      const { events, last } = await chat(client, {
        agentId: 'read-only-helper',
        message: 'rerun LOAD_DW_SALES',
      });
      expect(ofType(events, 'ChatActionProposed')).toEqual([]);
      expect(last).toMatchObject({ __typename: 'ChatCompleted' });
    } finally {
      await client.dispose();
    }

    const updated = await t.query<{ updateAgent: { temperature: number; name: string } }>(
      'mutation { updateAgent(id: "read-only-helper", input: { temperature: 0.7 }) { name temperature } }',
      { token: admin },
    );
    expect(updated.data!.updateAgent).toEqual({ name: 'Read-only helper', temperature: 0.7 });
    expect(
      (
        await t.query<{ deleteAgent: boolean }>('mutation { deleteAgent(id: "read-only-helper") }', {
          token: admin,
        })
      ).data!.deleteAgent,
    ).toBe(true);
    const builtIn = await t.query('mutation { deleteAgent(id: "general") }', { token: admin });
    expect(builtIn.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    const agents = await t.query<{ agents: Array<{ id: string }> }>('{ agents { id } }', { role: 'viewer' });
    expect(agents.data!.agents.map((a) => a.id)).toEqual(['general', 'troubleshooter']);
  });

  // Last: it tampers with the audit stream of this stack.
  it('audits the session (mutations, turns, tool calls, approvals), verifies, and reports an entry altered in Redis', async () => {
    const admin = await t.token('admin', 'root');
    const trail = await t.query<{
      auditTrail: {
        edges: Array<{
          node: {
            action: string;
            service: string;
            field: string;
            actor: string;
            outcome: string;
            errorCode: string | null;
          };
        }>;
      };
    }>('{ auditTrail(first: 200) { edges { node { action service field actor outcome errorCode } } } }', {
      token: admin,
    });
    const nodes = trail.data!.auditTrail.edges.map((e) => e.node);
    const has = (match: Partial<(typeof nodes)[number]>) =>
      nodes.some((n) => Object.entries(match).every(([k, v]) => n[k as keyof typeof n] === v));
    expect(has({ action: 'MUTATION', service: 'tws', field: 'rerunJob', actor: 'olga', outcome: 'OK' })).toBe(
      true,
    );
    expect(
      has({ action: 'MUTATION', service: 'agents', field: 'approveAction', actor: 'olga', outcome: 'OK' }),
    ).toBe(true);
    expect(
      has({
        action: 'MUTATION',
        service: 'agents',
        field: 'approveAction',
        actor: 'olga',
        outcome: 'ERROR',
        errorCode: 'FORBIDDEN',
      }),
    ).toBe(true);
    expect(has({ action: 'ACTION_APPROVED', actor: 'olga', field: 'rerun_job' })).toBe(true);
    expect(has({ action: 'ACTION_REJECTED', actor: 'rita' })).toBe(true);
    expect(has({ action: 'CHAT_TURN', actor: 'vera', field: 'general' })).toBe(true);
    expect(has({ action: 'TOOL_CALL', actor: 'vera', field: 'find_jobs' })).toBe(true);
    expect(has({ action: 'MUTATION', field: 'createAgent', actor: 'root' })).toBe(true);

    const verify =
      '{ verifyAuditTrail { valid checkedEntries headSequence store firstInvalid { id sequence reason } } }';
    const clean = await t.query<{
      verifyAuditTrail: { valid: boolean; checkedEntries: number; store: string };
    }>(verify, { token: admin });
    expect(clean.data!.verifyAuditTrail).toMatchObject({ valid: true, store: 'redis stream' });
    expect(clean.data!.verifyAuditTrail.checkedEntries).toBeGreaterThan(10);
    expect((await t.query(verify, { role: 'operator' })).errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');

    // Change one stored entry (re-writing the stream with the same ids, one field altered).
    const redis = new Redis(testRedisUrl());
    let alteredId: string;
    try {
      const { stream } = auditKeys(t.config.redis.keyPrefix);
      const raw = (await redis.xrange(stream, '-', '+')) as Array<[string, string[]]>;
      const target = Math.floor(raw.length / 2);
      alteredId = raw[target]![0];
      await redis.del(stream);
      for (const [i, [id, flat]] of raw.entries()) {
        const fields = [...flat];
        if (i === target) {
          const ct = fields.indexOf('ct') + 1;
          const bytes = Buffer.from(fields[ct]!, 'base64');
          bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 1;
          fields[ct] = bytes.toString('base64');
        }
        await redis.xadd(stream, id, ...fields);
      }
    } finally {
      await redis.quit();
    }
    const broken = await t.query<{
      verifyAuditTrail: { valid: boolean; firstInvalid: { id: string; reason: string } };
    }>(verify, { token: admin });
    expect(broken.data!.verifyAuditTrail).toMatchObject({
      valid: false,
      firstInvalid: { id: alteredId, reason: 'CONTENT' },
    });
  });
});

describe('agents without Redis (in-process fallbacks)', () => {
  let t: TestStack;
  beforeAll(async () => {
    t = await startTestStack({ redis: false, neo4j: false });
  }, 60_000);
  afterAll(async () => {
    await t?.stop();
  }, 30_000);

  it('still chats, keeps the conversation and the audit chain in the process, and says so in health', async () => {
    const client = await t.ws('viewer', 'vera');
    let conversationId: string;
    try {
      const { last } = await chat(client, { agentId: 'troubleshooter', message: 'Which jobs failed?' });
      expect(last).toMatchObject({ __typename: 'ChatCompleted', provider: 'offline' });
      expect(String(last!['text'])).toContain('LOAD_DW_SALES');
      conversationId = String(last!['conversationId']);
    } finally {
      await client.dispose();
    }
    const read = await t.query<{ conversation: { turns: number } }>(
      'query($id: ID!) { conversation(id: $id) { turns } }',
      {
        token: await t.token('viewer', 'vera'),
        variables: { id: conversationId },
      },
    );
    expect(read.data!.conversation.turns).toBe(1);

    const health = await t.query<{
      health: { components: Array<{ name: string; mode: string | null; status: string }> };
    }>('{ health { components { name status mode } } }', { role: 'viewer' });
    const byName = Object.fromEntries(health.data!.health.components.map((c) => [c.name, c]));
    expect(byName['conversations']).toMatchObject({ status: 'UP', mode: 'in-process fallback' });
    expect(byName['audit']).toMatchObject({ status: 'UP', mode: 'in-process fallback' });
    expect(byName['llm:offline']).toMatchObject({ status: 'UP', mode: 'offline responder' });

    const verify = await t.query<{
      verifyAuditTrail: { valid: boolean; store: string; developmentKey: boolean; checkedEntries: number };
    }>('{ verifyAuditTrail { valid store developmentKey checkedEntries } }', { role: 'admin' });
    expect(verify.data!.verifyAuditTrail).toMatchObject({
      valid: true,
      store: 'in-process fallback',
      developmentKey: true,
    });
    expect(verify.data!.verifyAuditTrail.checkedEntries).toBeGreaterThanOrEqual(2);
  });
});
