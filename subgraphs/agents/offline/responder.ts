import {
  estimateUsage,
  LlmAbortedError,
  type ChatProvider,
  type ChatResult,
  type LlmMessage,
} from '../../../core/llm/index.js';
import { toolDefinition } from '../tools/catalog.js';
import { compose, type SeenResult } from './compose.js';
import { plan, understand, type Intent } from './intents.js';
import { detectLanguage } from './language.js';
import { texts } from './phrases.js';

export const OFFLINE_PROVIDER = 'offline';
export const OFFLINE_MODEL = 'offline-responder';

/** The tool results the chat loop posted after the last user message. */
function resultsSince(messages: readonly LlmMessage[], lastUser: number): SeenResult[] {
  const out: SeenResult[] = [];
  for (const m of messages.slice(lastUser + 1)) {
    if (m.role !== 'tool') continue;
    try {
      const parsed = JSON.parse(m.content) as { ok?: unknown; errorCode?: unknown; data?: unknown };
      out.push({
        tool: m.name,
        ok: parsed.ok === true,
        errorCode: typeof parsed.errorCode === 'string' ? parsed.errorCode : undefined,
        data:
          parsed.data !== null && typeof parsed.data === 'object'
            ? (parsed.data as Record<string, unknown>)
            : {},
      });
    } catch {
      out.push({ tool: m.name, ok: false, errorCode: 'INTERNAL', data: {} });
    }
  }
  return out;
}

/**
 * The provider of last resort (no LLM key, or every provider down): understands the common
 * operator questions in Portuguese and English, calls the same tools an LLM would (through the
 * same loop, so RBAC and audit apply), and streams an answer composed only from their results —
 * it never names a job a tool did not return.
 */
export function createOfflineResponder(): ChatProvider {
  return {
    name: OFFLINE_PROVIDER,
    model: OFFLINE_MODEL,
    kind: 'local',
    async chat(request, { signal, onDelta }): Promise<ChatResult> {
      if (signal?.aborted) throw new LlmAbortedError();
      const messages = request.messages;
      const lastUser = messages.map((m) => m.role).lastIndexOf('user');
      const question = lastUser >= 0 ? messages[lastUser]!.content : '';
      const lang = detectLanguage(question);
      let intent: Intent = understand(question);
      const allowed = new Set((request.tools ?? []).map((t) => t.name));
      const results = resultsSince(messages, lastUser);
      const result = (text: string, calls: ChatResult['toolCalls'] = []): ChatResult => ({
        provider: OFFLINE_PROVIDER,
        model: OFFLINE_MODEL,
        text,
        toolCalls: calls,
        finishReason: calls.length > 0 ? 'tool_calls' : 'stop',
        usage: estimateUsage(messages, text + calls.map((c) => c.arguments).join('')),
      });

      const planned = results.length === 0 ? plan(intent) : followUp(intent, results);
      const calls = planned.filter((c) => allowed.has(c.tool));
      if (calls.length > 0) {
        return result(
          '',
          calls.map((c, i) => ({
            id: `offline_${results.length + i}`,
            name: c.tool,
            arguments: JSON.stringify(c.args),
          })),
        );
      }
      if (planned.length > 0 && results.length === 0) {
        // Not offered: an action for a viewer (or an agent without it), or a read the agent lacks.
        const tool = planned[0]!.tool;
        const t = texts(lang);
        const text =
          toolDefinition(tool).kind === 'ACTION'
            ? t.actionNotOffered(tool.replace(/_job$/, ''))
            : t.toolProblem(tool, 'FORBIDDEN');
        return stream(text, result, onDelta, signal);
      }
      // A name that is not a job may be a job stream (second round looked it up).
      const asStream = results.find(
        (r) =>
          r.tool === 'find_jobs' &&
          r.ok &&
          Array.isArray(r.data['jobs']) &&
          (r.data['jobs'] as unknown[]).length > 0,
      );
      if (intent.kind === 'job' && asStream) intent = { kind: 'stream', stream: intent.job };
      return stream(compose(intent, results, lang), result, onDelta, signal);
    },
  };
}

/** A second round: a job name that was not found is tried as a job stream name. */
function followUp(intent: Intent, results: readonly SeenResult[]) {
  const details = results.find((r) => r.tool === 'job_details');
  if (
    intent.kind === 'job' &&
    details &&
    !details.ok &&
    details.errorCode === 'NOT_FOUND' &&
    !results.some((r) => r.tool === 'find_jobs')
  ) {
    return plan({ kind: 'stream', stream: intent.job });
  }
  return [];
}

/** Streams the answer a few words at a time, like a model would, stopping if the client left. */
function stream(
  text: string,
  result: (text: string) => ChatResult,
  onDelta: ((text: string) => void) | undefined,
  signal: AbortSignal | undefined,
): ChatResult {
  const words = text.match(/\S+\s*|\s+/g) ?? [];
  for (let i = 0; i < words.length; i += 4) {
    if (signal?.aborted) throw new LlmAbortedError();
    onDelta?.(words.slice(i, i + 4).join(''));
  }
  return result(text);
}
