import type { z } from 'zod';

/** Networks Inbox knows. `sandbox` is the built-in demo network. */
export const NETWORKS = ['sandbox', 'x', 'facebook', 'instagram', 'email'] as const;
export type Network = (typeof NETWORKS)[number];

export const MENTION_KINDS = ['post', 'comment', 'mention', 'dm', 'email', 'review'] as const;
export type MentionKind = (typeof MENTION_KINDS)[number];

export type Visibility = 'public' | 'private';

export interface Author {
  id: string;
  handle?: string;
  name?: string;
  /** Followers or similar audience size, when the network tells. */
  reach?: number;
}

/** What a connector needs to answer a mention later; stored with the mention. */
export interface ReplyTarget {
  kind: MentionKind;
  externalId: string;
  threadKey: string;
  authorId: string;
  /** Network-specific fields (e.g. email Message-ID, References, subject, address). */
  meta?: Record<string, string>;
}

/** One message as a connector hands it over: normalized, not yet scored or stored. */
export interface IncomingMention {
  network: Network;
  externalId: string;
  /** Groups a reply chain / conversation / email thread. */
  threadKey: string;
  kind: MentionKind;
  visibility: Visibility;
  author: Author;
  text: string;
  url?: string;
  /** ISO 8601. */
  createdAt: string;
  /** External id of the message this one answers, if any. */
  inReplyTo?: string;
  /** Language the network declared, if any (BCP 47); scoring detects its own. */
  langHint?: string;
  replyTarget: ReplyTarget;
}

export interface Identity {
  id: string;
  handle?: string;
  name?: string;
}

/** Everything a connector call gets: the account's decrypted credentials and where the network is. */
export interface ConnectorContext<C = Record<string, unknown>> {
  accountId: string;
  credentials: C;
  /** Base URLs by name (e.g. `{ api: 'http://127.0.0.1:4010' }`); real endpoints when absent. */
  endpoints: Record<string, string>;
  signal?: AbortSignal;
}

export interface PollResult {
  mentions: IncomingMention[];
  /** Cursor to pass to the next poll; saved by the server only after `mentions` are stored. */
  cursor: string | null;
  /** True when the network has more right now (another page); the runner polls again at once. */
  more: boolean;
  /** Items read but deliberately not handed over, by reason (e.g. `bounce`, `auto-reply`), for logs. */
  skipped?: Record<string, number>;
}

export interface WebhookRequest {
  method: string;
  /** Lower-cased header names. */
  headers: Record<string, string | undefined>;
  query: Record<string, string | undefined>;
  rawBody: Buffer;
  /**
   * Told about each part of a delivery that was skipped because it was malformed (one change or event),
   * while the rest of the delivery is kept. Never given body content, only where and why.
   */
  report?: (problem: string) => void;
}

export type WebhookVerdict =
  /** A handshake (CRC, hub.challenge): answer it, store nothing. */
  | { type: 'challenge'; status: number; contentType: string; body: string }
  /** Signature checks: parse and store. */
  | { type: 'accept' }
  /** Forged, unsigned or malformed: 401/400, store nothing. */
  | { type: 'reject'; status: 401 | 400 | 403; reason: string };

export interface ReplyResult {
  externalId: string;
}

export interface Connector<S extends z.ZodType = z.ZodType> {
  network: Network;
  displayName: string;
  /** The fields an admin enters; every field is treated as secret at rest. */
  credentials: S;
  /** Default poll interval, ms. */
  pollIntervalMs: number;
  check(ctx: ConnectorContext<z.infer<S>>): Promise<Identity>;
  poll(ctx: ConnectorContext<z.infer<S>>, cursor: string | null): Promise<PollResult>;
  webhook?: {
    verify(ctx: ConnectorContext<z.infer<S>>, req: WebhookRequest): WebhookVerdict;
    /**
     * Throws ConnectorError('invalid') when the delivery as a whole is unreadable (not JSON, wrong
     * envelope); a malformed or unknown part is skipped (and reported) while the rest is kept. May
     * call the network (an Instagram @mention carries only ids), hence async.
     */
    parse(ctx: ConnectorContext<z.infer<S>>, req: WebhookRequest): Promise<IncomingMention[]>;
  };
  /**
   * Posts `text` as an answer to `target`. `idempotencyKey` is stable across retries of the same
   * reply; connectors pass it on where the network supports it.
   */
  reply(
    ctx: ConnectorContext<z.infer<S>>,
    target: ReplyTarget,
    text: string,
    idempotencyKey: string,
  ): Promise<ReplyResult>;
}
