import { configFrom } from '../../../core/config/index.js';
import { ErrorCode } from '../../../core/errors/index.js';
import {
  createLlmEndpoints,
  createOpenAiProvider,
  createProviderChain,
  createProviderChainFromConfig,
  LlmAbortedError,
  type ChatProvider,
  type ProviderChain,
} from '../../../core/llm/index.js';
import { silentLogger } from '../../../core/logger.js';
import { createMetricsRegistry, type Registry } from '../../../core/metrics.js';
import { startFakeLlm, type FakeLlm } from '../../harness/fake-llm.js';

/** Stands in for the offline responder: the chain's last, local resort. */
const local: ChatProvider = {
  name: 'offline',
  model: 'offline-responder',
  kind: 'local',
  async chat(_request, { onDelta }) {
    onDelta?.('offline answer');
    return {
      provider: 'offline',
      model: 'offline-responder',
      text: 'offline answer',
      toolCalls: [],
      finishReason: 'stop',
      usage: { promptTokens: 1, completionTokens: 1, totalTokens: 2, estimated: true },
    };
  },
};

describe('LLM provider chain against an OpenAI-protocol server', () => {
  let nvidia: FakeLlm;
  let openai: FakeLlm;
  let registry: Registry;

  beforeEach(async () => {
    [nvidia, openai] = await Promise.all([startFakeLlm(), startFakeLlm()]);
    registry = createMetricsRegistry('test', { defaults: false });
  });
  afterEach(async () => {
    await Promise.all([nvidia.stop(), openai.stop()]);
  });

  const chain = (
    options: { volumeThreshold?: number; idleMs?: number; timeoutMs?: number; withLocal?: boolean } = {},
  ): ProviderChain => {
    const config = configFrom({
      NVIDIA_API_KEY: 'nvidia-key',
      NVIDIA_BASE_URL: nvidia.url,
      OPENAI_API_KEY: 'openai-key',
      OPENAI_BASE_URL: openai.url,
      LLM_TIMEOUT_MS: String(options.timeoutMs ?? 2000),
      LLM_IDLE_TIMEOUT_MS: String(options.idleMs ?? 2000),
    });
    const remotes = createLlmEndpoints(config.llm, silentLogger()).map((e) =>
      createOpenAiProvider({
        name: e.config.name,
        client: e.client,
        model: e.config.model,
        idleTimeoutMs: config.llm.idleTimeoutMs,
        timeoutMs: config.llm.timeoutMs,
      }),
    );
    return createProviderChain({
      remotes,
      registry,
      logger: silentLogger(),
      breaker: { volumeThreshold: options.volumeThreshold ?? 100, resetTimeoutMs: 60_000 },
      ...(options.withLocal === false ? {} : { local }),
    });
  };
  const ask = { messages: [{ role: 'user' as const, content: 'Quais jobs estão em ABEND?' }] };

  it('streams text from NVIDIA with the key, model and usage of that provider', async () => {
    nvidia.enqueue({
      kind: 'text',
      chunks: ['LOAD_DW', '_SALES ', 'failed.'],
      usage: { prompt: 30, completion: 5 },
    });
    const deltas: string[] = [];
    const result = await chain().chat(ask, { onDelta: (t) => deltas.push(t) });
    expect(deltas).toEqual(['LOAD_DW', '_SALES ', 'failed.']);
    expect(result).toMatchObject({
      provider: 'nvidia',
      text: 'LOAD_DW_SALES failed.',
      finishReason: 'stop',
      fallbacks: [],
    });
    expect(result.usage).toEqual({
      promptTokens: 30,
      completionTokens: 5,
      totalTokens: 35,
      estimated: false,
    });
    expect(nvidia.requests[0]!.authorization).toBe('Bearer nvidia-key');
    expect(nvidia.requests[0]!.body).toMatchObject({
      model: 'meta/llama-3.3-70b-instruct',
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(openai.requests).toHaveLength(0);
    const tokens = await registry.getSingleMetric('resync_llm_tokens_total')!.get();
    expect(tokens.values).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ labels: { provider: 'nvidia', type: 'prompt' }, value: 30 }),
        expect.objectContaining({ labels: { provider: 'nvidia', type: 'completion' }, value: 5 }),
      ]),
    );
  });

  it('assembles tool calls streamed in fragments and sends tools and tool results on the wire', async () => {
    nvidia.enqueue({
      kind: 'tool_calls',
      calls: [
        { name: 'find_jobs', arguments: { status: 'ERROR' } },
        { name: 'plan_summary', arguments: {} },
      ],
    });
    const result = await chain().chat({
      messages: [
        { role: 'user', content: 'status?' },
        { role: 'assistant', content: '', toolCalls: [{ id: 'c0', name: 'workstations', arguments: '{}' }] },
        { role: 'tool', toolCallId: 'c0', name: 'workstations', content: '{"ok":true}' },
      ],
      tools: [
        {
          name: 'find_jobs',
          description: 'Find jobs',
          parameters: { type: 'object', properties: { status: { type: 'string' } } },
        },
      ],
    });
    expect(result.finishReason).toBe('tool_calls');
    expect(result.toolCalls).toEqual([
      { id: 'call_0_find_jobs', name: 'find_jobs', arguments: '{"status":"ERROR"}' },
      { id: 'call_1_plan_summary', name: 'plan_summary', arguments: '{}' },
    ]);
    const body = nvidia.requests[0]!.body as { tools: unknown[]; messages: Array<Record<string, unknown>> };
    expect(body.tools).toEqual([
      { type: 'function', function: expect.objectContaining({ name: 'find_jobs' }) },
    ]);
    expect(body.messages[1]).toMatchObject({
      role: 'assistant',
      tool_calls: [{ id: 'c0', type: 'function', function: { name: 'workstations' } }],
    });
    expect(body.messages[2]).toEqual({ role: 'tool', tool_call_id: 'c0', content: '{"ok":true}' });
  });

  it('falls through NVIDIA → OpenAI on a 5xx, and OpenAI → offline when both fail', async () => {
    nvidia.enqueue({ kind: 'error', status: 503 });
    openai.enqueue({ kind: 'text', chunks: ['from openai'] });
    const first = await chain().chat(ask);
    expect(first.provider).toBe('openai');
    expect(first.fallbacks).toEqual([{ provider: 'nvidia', reason: expect.stringContaining('HTTP 503') }]);

    nvidia.enqueue({ kind: 'error', status: 500 });
    openai.enqueue({ kind: 'error', status: 401 });
    const second = await chain().chat(ask);
    expect(second.provider).toBe('offline');
    expect(second.fallbacks.map((f) => f.provider)).toEqual(['nvidia', 'openai']);
  });

  it('skips providers whose breaker is open without calling them', async () => {
    const c = chain({ volumeThreshold: 1 });
    nvidia.enqueue({ kind: 'error', status: 500 });
    openai.enqueue({ kind: 'error', status: 502 });
    expect((await c.chat(ask)).provider).toBe('offline');
    expect(c.status().map((s) => [s.name, s.state])).toEqual([
      ['nvidia', 'open'],
      ['openai', 'open'],
      ['offline', 'closed'],
    ]);
    const before = nvidia.requests.length + openai.requests.length;
    const result = await c.chat(ask);
    expect(result.provider).toBe('offline');
    expect(result.fallbacks).toEqual([
      { provider: 'nvidia', reason: 'circuit breaker open' },
      { provider: 'openai', reason: 'circuit breaker open' },
    ]);
    expect(nvidia.requests.length + openai.requests.length).toBe(before);
  });

  it('aborts a stalled stream after the idle timeout and moves on (the server sees the close)', async () => {
    nvidia.enqueue({ kind: 'stall' });
    openai.enqueue({ kind: 'text', chunks: ['recovered'] });
    const result = await chain({ idleMs: 150 }).chat(ask);
    expect(result.provider).toBe('openai');
    expect(result.fallbacks[0]!.reason).toMatch(/stalled/);
    expect((await nvidia.waitForAbort()).aborted).toBe(true);
  });

  it('times out a provider that never answers', async () => {
    nvidia.enqueue({ kind: 'hang' });
    openai.enqueue({ kind: 'text', chunks: ['ok'] });
    const result = await chain({ timeoutMs: 150 }).chat(ask);
    expect(result.provider).toBe('openai');
    expect(result.fallbacks[0]!.reason).toMatch(/timed out/);
  });

  it('does not fall through once text went out: a mid-answer failure is UPSTREAM_UNAVAILABLE', async () => {
    nvidia.enqueue({ kind: 'drop', chunks: ['partial '] });
    const deltas: string[] = [];
    await expect(chain().chat(ask, { onDelta: (t) => deltas.push(t) })).rejects.toMatchObject({
      extensions: { code: ErrorCode.UPSTREAM_UNAVAILABLE, upstream: 'llm:nvidia' },
    });
    expect(deltas).toEqual(['partial ']);
    expect(openai.requests).toHaveLength(0);
  });

  it('closes the provider request at once when the caller aborts, without falling through', async () => {
    nvidia.enqueue({ kind: 'text', chunks: ['a', 'b', 'c', 'd', 'e', 'f'], chunkDelayMs: 100 });
    const controller = new AbortController();
    const pending = chain({ volumeThreshold: 1 }).chat(ask, {
      signal: controller.signal,
      onDelta: () => controller.abort(),
    });
    await expect(pending).rejects.toBeInstanceOf(LlmAbortedError);
    const aborted = await nvidia.waitForAbort();
    expect(aborted.completed).toBe(false);
    expect(openai.requests).toHaveLength(0);
  });

  it('does not count request-specific rejections (400) against the provider', async () => {
    const c = chain({ volumeThreshold: 1 });
    nvidia.enqueue({ kind: 'error', status: 400, message: 'tools not supported' });
    openai.enqueue({ kind: 'text', chunks: ['ok'] });
    expect((await c.chat(ask)).provider).toBe('openai');
    expect(c.status()[0]!.state).toBe('closed');
  });

  it('answers without streaming through complete(), falling through, remote providers only', async () => {
    nvidia.enqueue({ kind: 'error', status: 500 });
    openai.enqueue({ kind: 'text', chunks: ['grounded ', 'answer'] });
    const result = await chain().complete([{ role: 'user', content: 'how do I rerun a job?' }], {
      temperature: 0,
    });
    expect(result).toMatchObject({
      provider: 'openai',
      text: 'grounded answer',
      usage: { estimated: false },
    });
    expect(openai.requests[0]!.body).toMatchObject({ stream: false, temperature: 0 });

    nvidia.enqueue({ kind: 'error', status: 500 });
    openai.enqueue({ kind: 'error', status: 500 });
    await expect(chain().complete([{ role: 'user', content: 'x' }])).rejects.toMatchObject({
      extensions: { code: ErrorCode.UPSTREAM_UNAVAILABLE, upstream: 'llm' },
    });
  });

  it('with no key configured has no remote provider: chat uses the local one, complete refuses', async () => {
    const empty = createProviderChainFromConfig(configFrom({}).llm, {
      registry,
      logger: silentLogger(),
      local,
    });
    expect(empty.hasRemote).toBe(false);
    expect((await empty.chat(ask)).provider).toBe('offline');
    await expect(empty.complete([{ role: 'user', content: 'x' }])).rejects.toMatchObject({
      extensions: { code: 'UPSTREAM_UNAVAILABLE' },
    });
  });

  it('routes an agent to its provider first, with its model only there', async () => {
    openai.enqueue({ kind: 'error', status: 503 });
    nvidia.enqueue({ kind: 'text', chunks: ['ok'] });
    const result = await chain().chat(ask, { route: { provider: 'openai', model: 'gpt-4o' } });
    expect(result.provider).toBe('nvidia');
    expect(openai.requests[0]!.body['model']).toBe('gpt-4o');
    expect(nvidia.requests[0]!.body['model']).toBe('meta/llama-3.3-70b-instruct');
  });
});
