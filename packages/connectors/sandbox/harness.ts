import type { Network, WebhookRequest } from '../src/core/index.ts';

/** A reply an emulator received from Inbox, as recorded by the emulator. */
export interface RecordedReply {
  /** External id of the message that was answered (post, comment, DM, email Message-ID). */
  inReplyTo: string;
  text: string;
  /** Id the emulator gave the reply. */
  externalId: string;
}

/**
 * A running emulator of one network, seeded with one brand account. The contract test and the demo
 * drive every network through this one shape.
 */
export interface EmulatorHandle {
  network: Network;
  /** Base URLs to put in ConnectorContext.endpoints. */
  endpoints: Record<string, string>;
  /** Valid credentials for the seeded brand account. */
  credentials: Record<string, unknown>;
  /** A customer writes `count` new inbound messages (mentions, comments, DMs, emails). */
  inject(opts?: { count?: number; text?: string }): Promise<void>;
  /**
   * A webhook delivery for one new inbound message, signed the way the network signs it (or with a
   * wrong signature when `forge`). Absent for networks without webhooks.
   */
  webhookDelivery?(opts?: { forge?: boolean; text?: string }): Promise<WebhookRequest>;
  /** Replies received so far. */
  replies(): Promise<RecordedReply[]>;
  close(): Promise<void>;
}

export type EmulatorFactory = () => Promise<EmulatorHandle>;
