import type { Client } from 'graphql-ws';
import { collect } from '../../harness/client.js';

/** Every ChatEvent field a test may look at. */
export const CHAT = `subscription Chat($input: ChatInput!) {
  chat(input: $input) {
    __typename
    ... on ChatStarted { conversationId messageId agentId at }
    ... on ChatDelta { text }
    ... on ChatToolCall { callId tool arguments }
    ... on ChatToolResult { callId tool ok summary errorCode }
    ... on ChatActionProposed { actionId tool arguments summary expiresAt }
    ... on ChatCompleted { messageId conversationId text provider model usage { promptTokens completionTokens totalTokens estimated } }
    ... on ChatFailed { code message }
  }
}`;

export interface ChatEventData {
  __typename: string;
  [field: string]: unknown;
}

const terminal = (e: ChatEventData | undefined) =>
  e?.__typename === 'ChatCompleted' || e?.__typename === 'ChatFailed';

/** Runs one chat turn over graphql-ws and returns its events (until ChatCompleted or ChatFailed). */
export async function chat(
  client: Client,
  input: { agentId: string; message: string; conversationId?: string },
  timeoutMs = 15_000,
) {
  const results = await collect<{ chat: ChatEventData }>(client, CHAT, {
    variables: { input },
    timeoutMs,
    until: (events) => terminal(events.at(-1)?.data?.chat) || (events.at(-1)?.errors?.length ?? 0) > 0,
  });
  const errors = results.flatMap((r) => r.errors ?? []);
  const events = results.map((r) => r.data?.chat).filter((e): e is ChatEventData => e !== undefined);
  return { events, errors, types: events.map((e) => e.__typename), last: events.at(-1) };
}

export const ofType = (events: ChatEventData[], type: string) => events.filter((e) => e.__typename === type);
