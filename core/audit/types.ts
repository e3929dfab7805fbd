/**
 * The audit trail's contracts. An entry is written once, encrypted, hash-chained, and never
 * updated; `verify()` proves nobody changed, removed or reordered entries since.
 */

/** What happened. Every mutation (any subgraph) plus what agents do on a user's behalf. */
export type AuditAction =
  'MUTATION' | 'CHAT_TURN' | 'TOOL_CALL' | 'ACTION_PROPOSED' | 'ACTION_APPROVED' | 'ACTION_REJECTED';

export const AUDIT_ACTIONS: readonly AuditAction[] = [
  'MUTATION',
  'CHAT_TURN',
  'TOOL_CALL',
  'ACTION_PROPOSED',
  'ACTION_APPROVED',
  'ACTION_REJECTED',
];

export type AuditOutcome = 'OK' | 'ERROR';

/** What a caller records; who/when/where are explicit so nothing is guessed later. */
export interface AuditEntryInput {
  /** JWT `sub` of the user, or `anonymous`. */
  actor: string;
  roles: readonly string[];
  /** Service that recorded it: tws, knowledge, rag, agents, health. */
  service: string;
  action: AuditAction;
  /** GraphQL operation name, or the agent tool / chat operation. */
  operation: string;
  /** Root field (mutations) or tool name. */
  field: string;
  /** Already sanitised arguments (see sanitizeArguments). */
  arguments: unknown;
  outcome: AuditOutcome;
  /** `extensions.code` of the failure, when outcome is ERROR. */
  errorCode?: string | undefined;
  requestId: string;
  /** Free text, e.g. the model and token usage of a chat turn. Never secrets. */
  detail?: string | undefined;
  /** Conversation / proposal the entry belongs to. */
  conversationId?: string | undefined;
}

/** A decrypted entry as read back. */
export interface AuditRecord extends AuditEntryInput {
  /** Stream entry id; also the paging cursor. */
  id: string;
  sequence: number;
  at: Date;
  keyId: string;
}

/** The stored envelope: only sequence, time and key id are readable without a key. */
export interface AuditEnvelope {
  seq: number;
  /** ISO instant. */
  ts: string;
  kid: string;
  /** base64 AES-GCM nonce, tag and ciphertext of the JSON body. */
  iv: string;
  tag: string;
  ct: string;
  /** Hash of the previous entry (64 zeros for the first). */
  prev: string;
  /** SHA-256 of this envelope's other fields, chaining it to the previous one. */
  hash: string;
}

export interface StoredEnvelope {
  id: string;
  fields: Readonly<Record<string, string>>;
}

/** Where envelopes live: a Redis stream, or process memory without Redis. */
export interface AuditStore {
  readonly kind: 'redis' | 'memory';
  /** The chain head as `seq:hash`, or undefined while empty. */
  head(): Promise<string | undefined>;
  /**
   * Appends `envelopes` (a consecutive chain) and moves the head to `newHead` in one atomic step,
   * only while the head is still `expectedHead` (compare-and-set across processes). When another
   * writer got there first nothing is written and the current head comes back, so the caller can
   * chain after it without another round trip.
   */
  appendIfHead(
    expectedHead: string | undefined,
    envelopes: readonly AuditEnvelope[],
    newHead: string,
  ): Promise<{ appended: true } | { appended: false; head: string | undefined }>;
  /** Entries in stream order after `afterId` (exclusive), oldest first. */
  forward(afterId: string | undefined, count: number): Promise<StoredEnvelope[]>;
  /** Entries before `beforeId` (exclusive), newest first. */
  backward(beforeId: string | undefined, count: number): Promise<StoredEnvelope[]>;
  length(): Promise<number>;
}

export type AuditBreakReason = 'CONTENT' | 'ORDER' | 'CHAIN' | 'UNKNOWN_KEY' | 'MISSING';

export interface AuditVerification {
  valid: boolean;
  checkedEntries: number;
  /** Sequence of the last entry, as recorded by the chain head. */
  headSequence: number;
  firstInvalid?:
    { id: string; sequence: number | undefined; reason: AuditBreakReason; detail: string } | undefined;
  verifiedAt: Date;
}

export interface AuditFilter {
  actor?: string | undefined;
  action?: AuditAction | undefined;
  service?: string | undefined;
  outcome?: AuditOutcome | undefined;
  since?: Date | undefined;
  until?: Date | undefined;
}

export interface AuditPage {
  records: AuditRecord[];
  /** Cursor for the next (older) page, when more entries may match. */
  endCursor: string | undefined;
  hasNextPage: boolean;
}

export interface AuditLog {
  /** `redis` (a stream shared by every service) or `memory` (this process only). */
  readonly storeKind: 'redis' | 'memory';
  readonly activeKeyId: string;
  readonly usingDevelopmentKey: boolean;
  /** Appends one entry; resolves once it is stored. */
  append(input: AuditEntryInput): Promise<void>;
  /** Newest first; `after` is the cursor of the previous page. */
  list(options: { first: number; after?: string | undefined; filter?: AuditFilter }): Promise<AuditPage>;
  verify(): Promise<AuditVerification>;
  length(): Promise<number>;
}
