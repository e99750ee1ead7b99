// X wire shapes (API v2 responses, Account Activity v1.1 payloads), validated with zod, and their
// conversion to IncomingMention. Both paths produce the same externalId, createdAt, url, author and kind
// for the same message, so the server's (account, externalId) dedupe holds across poll and webhook.
import { z } from 'zod';
import { ConnectorError } from '../core/errors.ts';
import type { IncomingMention } from '../core/types.ts';

const id = z.string().regex(/^\d{1,19}$/, 'expected a numeric id string');

// ---- API v2

export const userV2 = z.object({
  id,
  username: z.string(),
  name: z.string(),
  public_metrics: z.object({ followers_count: z.number().optional() }).loose().optional(),
});
export type UserV2 = z.infer<typeof userV2>;

export const tweetV2 = z.object({
  id,
  text: z.string(),
  author_id: id,
  created_at: z.string(),
  conversation_id: id.optional(),
  in_reply_to_user_id: id.optional(),
  referenced_tweets: z.array(z.object({ type: z.string(), id })).optional(),
  lang: z.string().optional(),
  note_tweet: z.object({ text: z.string() }).loose().optional(),
});
export type TweetV2 = z.infer<typeof tweetV2>;

export const dmEventV2 = z.object({
  id,
  event_type: z.string(),
  text: z.string().optional(),
  sender_id: id.optional(),
  dm_conversation_id: z.string().optional(),
  created_at: z.string().optional(),
});
export type DmEventV2 = z.infer<typeof dmEventV2>;

const problemErrors = z.array(z.unknown()).optional();

export const mentionsPage = z.object({
  data: z.array(tweetV2).optional(),
  includes: z.object({ users: z.array(userV2).optional() }).loose().optional(),
  meta: z.object({
    result_count: z.number(),
    newest_id: id.optional(),
    oldest_id: id.optional(),
    next_token: z.string().optional(),
  }),
  errors: problemErrors,
});

export const dmPage = z.object({
  data: z.array(dmEventV2).optional(),
  includes: z.object({ users: z.array(userV2).optional() }).loose().optional(),
  meta: z.object({ result_count: z.number(), next_token: z.string().optional() }),
  errors: problemErrors,
});

export const meResponse = z.object({ data: userV2.pick({ id: true, username: true, name: true }) });

/** Validates a response body; a body X would never send is an `invalid` error, nothing is stored. */
export function parseResponse<T extends z.ZodType>(schema: T, body: unknown, what: string): z.infer<T> {
  const r = schema.safeParse(body);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new ConnectorError(
      'invalid',
      `X ${what}: malformed response (${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'unexpected shape'})`,
    );
  }
  return r.data;
}

// ---- shared normalization

/** v2 shows whole seconds; AAA DMs carry milliseconds. Both are cut to the second. */
function isoSecond(d: Date): string {
  const t = d.getTime();
  if (!Number.isFinite(t)) throw new ConnectorError('invalid', 'X: unparseable created_at');
  return new Date(Math.floor(t / 1000) * 1000).toISOString();
}

const lang = (l: string | undefined) => (l && l !== 'und' && l !== 'zxx' && l !== 'qme' ? l : undefined);

export interface TweetFacts {
  id: string;
  text: string;
  createdAt: Date;
  authorId: string;
  authorHandle?: string;
  authorName?: string;
  followers?: number;
  inReplyTo?: string;
  conversationId?: string;
  lang?: string;
}

export function tweetMention(t: TweetFacts): IncomingMention {
  // Thread: the conversation (root post) when the network tells (v2); AAA's v1.1 tweets don't carry it,
  // so there a reply is grouped under the post it answers.
  const threadKey = `x:conv:${t.conversationId ?? t.inReplyTo ?? t.id}`;
  const m: IncomingMention = {
    network: 'x',
    externalId: t.id,
    threadKey,
    kind: 'mention',
    visibility: 'public',
    author: {
      id: t.authorId,
      ...(t.authorHandle ? { handle: t.authorHandle } : {}),
      ...(t.authorName ? { name: t.authorName } : {}),
      ...(t.followers !== undefined ? { reach: t.followers } : {}),
    },
    text: t.text,
    createdAt: isoSecond(t.createdAt),
    replyTarget: { kind: 'mention', externalId: t.id, threadKey, authorId: t.authorId },
  };
  if (t.authorHandle) m.url = `https://x.com/${t.authorHandle}/status/${t.id}`;
  if (t.inReplyTo) m.inReplyTo = t.inReplyTo;
  const l = lang(t.lang);
  if (l) m.langHint = l;
  return m;
}

export interface DmFacts {
  id: string;
  text: string;
  createdAt: Date;
  senderId: string;
  senderHandle?: string;
  senderName?: string;
  followers?: number;
  conversationId: string;
}

/** 1:1 conversation id as X forms it: both user ids, smaller first, joined by '-'. */
export function oneToOneConversationId(a: string, b: string): string {
  return BigInt(a) < BigInt(b) ? `${a}-${b}` : `${b}-${a}`;
}

export function dmMention(d: DmFacts): IncomingMention {
  const threadKey = `x:dm:${d.conversationId}`;
  return {
    network: 'x',
    externalId: d.id,
    threadKey,
    kind: 'dm',
    visibility: 'private',
    author: {
      id: d.senderId,
      ...(d.senderHandle ? { handle: d.senderHandle } : {}),
      ...(d.senderName ? { name: d.senderName } : {}),
      ...(d.followers !== undefined ? { reach: d.followers } : {}),
    },
    text: d.text,
    url: `https://x.com/messages/${d.conversationId}`,
    createdAt: isoSecond(d.createdAt),
    replyTarget: { kind: 'dm', externalId: d.id, threadKey, authorId: d.senderId, meta: { conversationId: d.conversationId } },
  };
}

// ---- Account Activity (webhook) payloads: v1.1 objects

const tweetV1 = z.object({
  id_str: id,
  text: z.string().optional(),
  full_text: z.string().optional(),
  truncated: z.boolean().optional(),
  extended_tweet: z.object({ full_text: z.string() }).loose().optional(),
  created_at: z.string(),
  in_reply_to_status_id_str: id.nullable().optional(),
  lang: z.string().nullable().optional(),
  retweeted_status: z.unknown().optional(),
  user: z.object({
    id_str: id,
    screen_name: z.string(),
    name: z.string(),
    followers_count: z.number().optional(),
  }),
});

const dmEventV1 = z.object({
  type: z.string(),
  id,
  created_timestamp: z.string().regex(/^\d+$/),
  message_create: z
    .object({
      target: z.object({ recipient_id: id }),
      sender_id: id,
      message_data: z.object({ text: z.string() }).loose(),
    })
    .optional(),
});

const userV1Map = z.record(
  z.string(),
  z.object({ id: id, screen_name: z.string(), name: z.string(), followers_count: z.number().optional() }).loose(),
);

export const accountActivity = z
  .object({
    for_user_id: id,
    tweet_create_events: z.array(z.unknown()).optional(),
    direct_message_events: z.array(z.unknown()).optional(),
    users: userV1Map.optional(),
  })
  .loose();

/**
 * Mentions in one Account Activity delivery; the subscribed account's own posts and DMs are left out.
 * One app subscription delivers for every subscribed user to the same URL, each body naming its user
 * in `for_user_id`: a body for another user (`accountUserId` known and different) yields nothing. An
 * event that cannot be read is skipped and reported; the others in the body are kept.
 */
export function mentionsFromAccountActivity(body: unknown, accountUserId?: string, report?: (problem: string) => void): IncomingMention[] {
  const env = parseResponse(accountActivity, body, 'webhook payload');
  const me = env.for_user_id;
  if (accountUserId !== undefined && me !== accountUserId) {
    report?.(`X webhook payload: for_user_id is another subscribed user, not this account; ignored`);
    return [];
  }
  const skip = (what: string, i: number, issue: z.core.$ZodIssue | undefined) =>
    report?.(`X webhook payload: malformed ${what}[${i}] (${issue?.path.join('.')}: ${issue?.message}); skipped`);
  const out: IncomingMention[] = [];
  for (const [i, raw] of (env.tweet_create_events ?? []).entries()) {
    const r = tweetV1.safeParse(raw);
    if (!r.success) {
      skip('tweet_create_events', i, r.error.issues[0]);
      continue;
    }
    const t = r.data;
    if (t.user.id_str === me || t.retweeted_status) continue;
    const text = t.extended_tweet?.full_text ?? t.full_text ?? t.text;
    if (text === undefined) {
      report?.(`X webhook payload: tweet_create_events[${i}] has no text; skipped`);
      continue;
    }
    out.push(
      tweetMention({
        id: t.id_str,
        text,
        createdAt: new Date(t.created_at),
        authorId: t.user.id_str,
        authorHandle: t.user.screen_name,
        authorName: t.user.name,
        ...(t.user.followers_count !== undefined ? { followers: t.user.followers_count } : {}),
        ...(t.in_reply_to_status_id_str ? { inReplyTo: t.in_reply_to_status_id_str } : {}),
        ...(t.lang ? { lang: t.lang } : {}),
      }),
    );
  }
  for (const [i, raw] of (env.direct_message_events ?? []).entries()) {
    const r = dmEventV1.safeParse(raw);
    if (!r.success) {
      skip('direct_message_events', i, r.error.issues[0]);
      continue;
    }
    const e = r.data;
    if (e.type !== 'message_create' || !e.message_create) continue;
    const mc = e.message_create;
    if (mc.sender_id === me) continue;
    const sender = env.users?.[mc.sender_id];
    out.push(
      dmMention({
        id: e.id,
        text: mc.message_data.text,
        createdAt: new Date(Number(e.created_timestamp)),
        senderId: mc.sender_id,
        ...(sender ? { senderHandle: sender.screen_name, senderName: sender.name } : {}),
        ...(sender?.followers_count !== undefined ? { followers: sender.followers_count } : {}),
        conversationId: oneToOneConversationId(mc.sender_id, mc.target.recipient_id),
      }),
    );
  }
  return out;
}
