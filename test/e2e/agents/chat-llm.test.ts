import { startFakeLlm, type FakeLlm } from '../../harness/fake-llm.js';
import { startTestStack, type TestStack } from '../../harness/stack.js';
import { CHAT, chat, ofType, type ChatEventData } from './support.js';

// The whole stack with NVIDIA and OpenAI pointed at two local servers speaking the OpenAI
// chat-completions protocol: the real SDK, breakers and fallthrough, through the gateway.

describe('agents through the gateway with LLM providers (OpenAI protocol test servers)', () => {
  let t: TestStack;
  let nvidia: FakeLlm;
  let openai: FakeLlm;
  beforeAll(async () => {
    [nvidia, openai] = await Promise.all([startFakeLlm(), startFakeLlm()]);
    t = await startTestStack({
      env: {
        NVIDIA_API_KEY: 'nvidia-test-key',
        NVIDIA_BASE_URL: nvidia.url,
        OPENAI_API_KEY: 'openai-test-key',
        OPENAI_BASE_URL: openai.url,
        LLM_TIMEOUT_MS: '3000',
        LLM_IDLE_TIMEOUT_MS: '3000',
        LLM_BREAKER_RESET_MS: '600000',
      },
    });
  }, 60_000);
  afterAll(async () => {
    await t?.stop();
    await Promise.all([nvidia?.stop(), openai?.stop()]);
  }, 30_000);

  it('runs the tools the model calls through the gateway and streams its answer, recording token usage', async () => {
    nvidia.enqueue(
      { kind: 'tool_calls', calls: [{ name: 'find_jobs', arguments: { status: 'ERROR' } }] },
      {
        kind: 'text',
        chunks: ['LOAD_DW_SALES ', 'ended in ABEND ', 'with RC 12.'],
        usage: { prompt: 300, completion: 9 },
      },
    );
    const before = nvidia.requests.length;
    const client = await t.ws('viewer', 'vera');
    try {
      const { events, last } = await chat(client, {
        agentId: 'general',
        message: 'Which jobs are in ABEND?',
      });
      expect(ofType(events, 'ChatToolCall')).toEqual([
        expect.objectContaining({ tool: 'find_jobs', arguments: '{"status":"ERROR"}' }),
      ]);
      expect(ofType(events, 'ChatToolResult')).toEqual([
        expect.objectContaining({ tool: 'find_jobs', ok: true }),
      ]);
      expect(ofType(events, 'ChatDelta').map((e) => e['text'])).toEqual([
        'LOAD_DW_SALES ',
        'ended in ABEND ',
        'with RC 12.',
      ]);
      expect(last).toMatchObject({
        __typename: 'ChatCompleted',
        provider: 'nvidia',
        model: 'meta/llama-3.3-70b-instruct',
        text: 'LOAD_DW_SALES ended in ABEND with RC 12.',
        // 60 + 12 for the tool-call round, 300 + 9 for the answer.
        usage: { promptTokens: 360, completionTokens: 21, totalTokens: 381, estimated: false },
      });
    } finally {
      await client.dispose();
    }
    // The second round carried the tool's result, fetched through the gateway with the user's token.
    const second = nvidia.requests[before + 1]!.body as {
      messages: Array<{ role: string; content: string }>;
      tools: Array<{ function: { name: string } }>;
    };
    const toolMessage = second.messages.find((m) => m.role === 'tool')!;
    expect(toolMessage.content).toContain('LOAD_DW_SALES');
    // A viewer's model is offered the read tools only (DESIGN §2: viewers chat with agents that may only read).
    const offered = second.tools.map((x) => x.function.name);
    expect(offered).toEqual(expect.arrayContaining(['find_jobs', 'job_details']));
    expect(offered.filter((name) => name.endsWith('_job'))).toEqual([]);
    expect(nvidia.requests[before]!.authorization).toBe('Bearer nvidia-test-key');

    const metrics = await (
      await fetch(t.stack.subgraphs.agents.url.replace(/\/graphql$/, '/metrics'))
    ).text();
    expect(metrics).toMatch(/resync_llm_tokens_total\{provider="nvidia",type="prompt"[^}]*\} \d+/);
    expect(metrics).toContain('resync_llm_request_duration_seconds_bucket');
  });

  it('closes the provider request when the client unsubscribes mid-stream', async () => {
    nvidia.enqueue({
      kind: 'text',
      chunks: Array.from({ length: 50 }, (_, i) => `word${i} `),
      chunkDelayMs: 100,
    });
    const before = nvidia.requests.length;
    const client = await t.ws('viewer', 'vera');
    try {
      const iterator = client.iterate<{ chat: ChatEventData }>({
        query: CHAT,
        variables: { input: { agentId: 'general', message: 'tell me a long story' } },
      });
      for (;;) {
        const step = await iterator.next();
        if (step.done || step.value.data?.chat.__typename === 'ChatDelta') break;
      }
      await iterator.return?.();
      await nvidia.waitForRequests(before + 1);
      const request = nvidia.requests[before]!;
      await request.settled;
      expect(request).toMatchObject({ aborted: true, completed: false });
    } finally {
      await client.dispose();
    }
  });

  it('falls through NVIDIA → OpenAI → offline as providers fail and their breakers open', async () => {
    nvidia.enqueue({ kind: 'error', status: 503 });
    openai.enqueue({ kind: 'text', chunks: ['answer from OpenAI'] });
    const client = await t.ws('viewer', 'vera');
    try {
      expect((await chat(client, { agentId: 'general', message: 'hello' })).last).toMatchObject({
        provider: 'openai',
        text: 'answer from OpenAI',
      });

      // Both down: every turn still answers (offline), and after enough failures both breakers open.
      nvidia.setFallback(() => ({ kind: 'error', status: 500 }));
      openai.setFallback(() => ({ kind: 'error', status: 502 }));
      for (let i = 0; i < 6; i += 1) {
        const { last } = await chat(client, { agentId: 'general', message: 'Quais jobs estão em ABEND?' });
        expect(last).toMatchObject({ __typename: 'ChatCompleted', provider: 'offline' });
      }
      const seen = nvidia.requests.length + openai.requests.length;
      const { last, events } = await chat(client, {
        agentId: 'general',
        message: 'Quais jobs estão em ABEND?',
      });
      expect(last).toMatchObject({ provider: 'offline' });
      expect(String(last!['text'])).toContain('LOAD_DW_SALES');
      expect(ofType(events, 'ChatToolCall')[0]).toMatchObject({ tool: 'find_jobs' });
      // Open breakers: no request reached either provider.
      expect(nvidia.requests.length + openai.requests.length).toBe(seen);
    } finally {
      await client.dispose();
    }
    // Health reports the open breakers at its next check.
    type Component = { name: string; status: string; mode: string | null };
    let byName: Record<string, Component> = {};
    for (let attempt = 0; attempt < 50 && byName['llm:openai']?.status !== 'DOWN'; attempt += 1) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 100));
      const health = await t.query<{ health: { components: Component[] } }>(
        '{ health { components { name status mode } } }',
        { role: 'viewer' },
      );
      byName = Object.fromEntries(health.data!.health.components.map((c) => [c.name, c]));
    }
    expect(byName['llm:nvidia']?.status).toBe('DOWN');
    expect(byName['llm:openai']?.status).toBe('DOWN');
    expect(byName['llm:offline']).toMatchObject({ status: 'UP', mode: 'offline responder' });
  }, 30_000);
});
