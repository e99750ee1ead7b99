// X (Twitter) connector: polls the brand's mentions and DM events through twitter-api-v2, verifies and
// parses Account Activity webhooks, replies to posts and DMs. Never retries, never stores.
import type { TwitterApi } from 'twitter-api-v2';
import { ConnectorError } from '../core/errors.ts';
import { hmacSha256, verifyBase64Sha256Header } from '../core/signatures.ts';
import type {
  Connector,
  ConnectorContext,
  Identity,
  IncomingMention,
  PollResult,
  ReplyResult,
  ReplyTarget,
  WebhookRequest,
  WebhookVerdict,
} from '../core/types.ts';
import { xCall, xClient } from './client.ts';
import { xCredentials, type XCredentials } from './credentials.ts';
import { advance, decodeCursor, encodeCursor, type StreamState, type XCursor } from './cursor.ts';
import {
  dmMention,
  dmPage,
  meResponse,
  mentionsFromAccountActivity,
  mentionsPage,
  parseResponse,
  tweetMention,
} from './normalize.ts';

export { xCredentials, type XCredentials } from './credentials.ts';
export { decodeCursor, encodeCursor, type XCursor } from './cursor.ts';

type Ctx = ConnectorContext<XCredentials>;

export interface XConnectorOptions {
  /** Mentions per page, 5–100 (X's bounds). */
  mentionsPageSize?: number;
  /** DM events per page, 1–100. */
  dmPageSize?: number;
  pollIntervalMs?: number;
}

const isId = (s: string | undefined): s is string => typeof s === 'string' && /^\d{1,19}$/.test(s);

const TWEET_FIELDS = 'created_at,author_id,conversation_id,in_reply_to_user_id,referenced_tweets,lang,note_tweet';
const DM_FIELDS = 'id,text,event_type,created_at,sender_id,dm_conversation_id';

/** A 200 carrying only `errors` (X's partial-error shape, e.g. unknown user) is a clear `invalid`. */
function rejectErrorOnly(body: unknown, what: string): void {
  if (body && typeof body === 'object' && !('data' in body) && !('meta' in body) && 'errors' in body) {
    const errs = (body as { errors: unknown }).errors;
    const first = Array.isArray(errs) ? (errs[0] as { detail?: unknown; message?: unknown } | undefined) : undefined;
    const msg = typeof first?.detail === 'string' ? first.detail : typeof first?.message === 'string' ? first.message : 'error';
    throw new ConnectorError('invalid', `X ${what}: ${msg}`);
  }
}

async function me(client: TwitterApi): Promise<Identity> {
  const body = await xCall('users/me', () => client.v2.get('users/me'));
  rejectErrorOnly(body, 'users/me');
  const u = parseResponse(meResponse, body, 'users/me').data;
  return { id: u.id, handle: u.username, name: u.name };
}

/**
 * A pagination token X no longer accepts (400): restart the pass from the unchanged since_id
 * (refetches, which the server dedupes; never skips). Any other failure is rethrown.
 */
function restartOnStaleToken(state: StreamState, e: unknown): { mentions: IncomingMention[]; state: StreamState } {
  if (state.token && e instanceof ConnectorError && e.code === 'invalid' && e.status === 400) {
    return { mentions: [], state: state.since ? { since: state.since } : {} };
  }
  throw e;
}

async function mentionsStep(
  client: TwitterApi,
  uid: string,
  state: StreamState,
  pageSize: number,
): Promise<{ mentions: IncomingMention[]; state: StreamState }> {
  const query: Record<string, string | number> = {
    max_results: pageSize,
    'tweet.fields': TWEET_FIELDS,
    expansions: 'author_id',
    'user.fields': 'public_metrics',
  };
  if (state.since) query['since_id'] = state.since;
  if (state.token) query['pagination_token'] = state.token;
  let body: unknown;
  try {
    body = await xCall('mentions', () => client.v2.get(`users/${uid}/mentions`, query));
  } catch (e) {
    return restartOnStaleToken(state, e);
  }
  rejectErrorOnly(body, 'mentions');
  const page = parseResponse(mentionsPage, body, 'mentions');
  const users = new Map((page.includes?.users ?? []).map((u) => [u.id, u]));
  const mentions: IncomingMention[] = [];
  for (const t of page.data ?? []) {
    if (t.author_id === uid) continue; // the brand's own posts
    const a = users.get(t.author_id);
    const replyTo = t.referenced_tweets?.find((r) => r.type === 'replied_to')?.id;
    mentions.push(
      tweetMention({
        id: t.id,
        text: t.note_tweet?.text ?? t.text,
        createdAt: new Date(t.created_at),
        authorId: t.author_id,
        ...(a ? { authorHandle: a.username, authorName: a.name } : {}),
        ...(a?.public_metrics?.followers_count !== undefined ? { followers: a.public_metrics.followers_count } : {}),
        ...(replyTo ? { inReplyTo: replyTo } : {}),
        ...(t.conversation_id ? { conversationId: t.conversation_id } : {}),
        ...(t.lang ? { lang: t.lang } : {}),
      }),
    );
  }
  return { mentions, state: advance(state, page.meta.newest_id ?? page.data?.[0]?.id, page.meta.next_token) };
}

async function dmStep(
  client: TwitterApi,
  uid: string,
  state: StreamState,
  pageSize: number,
): Promise<{ mentions: IncomingMention[]; state: StreamState }> {
  const query: Record<string, string | number> = {
    max_results: pageSize,
    event_types: 'MessageCreate',
    'dm_event.fields': DM_FIELDS,
    expansions: 'sender_id',
    'user.fields': 'public_metrics',
  };
  if (state.token) query['pagination_token'] = state.token;
  let body: unknown;
  try {
    body = await xCall('dm_events', () => client.v2.get('dm_events', query));
  } catch (e) {
    return restartOnStaleToken(state, e);
  }
  rejectErrorOnly(body, 'dm_events');
  const page = parseResponse(dmPage, body, 'dm_events');
  const users = new Map((page.includes?.users ?? []).map((u) => [u.id, u]));
  const events = page.data ?? [];
  const seen = state.since ? BigInt(state.since) : undefined;
  let reachedSeen = false;
  const mentions: IncomingMention[] = [];
  for (const e of events) {
    if (seen !== undefined && BigInt(e.id) <= seen) {
      reachedSeen = true;
      continue;
    }
    if (e.event_type !== 'MessageCreate' || e.sender_id === uid) continue; // the brand's own DMs
    if (!e.sender_id || !e.created_at || !e.dm_conversation_id || e.text === undefined) {
      throw new ConnectorError('invalid', `X dm_events: malformed response (event ${e.id} lacks requested fields)`);
    }
    const s = users.get(e.sender_id);
    mentions.push(
      dmMention({
        id: e.id,
        text: e.text,
        createdAt: new Date(e.created_at),
        senderId: e.sender_id,
        ...(s ? { senderHandle: s.username, senderName: s.name } : {}),
        ...(s?.public_metrics?.followers_count !== undefined ? { followers: s.public_metrics.followers_count } : {}),
        conversationId: e.dm_conversation_id,
      }),
    );
  }
  const next = reachedSeen ? undefined : page.meta.next_token;
  return { mentions, state: advance(state, events[0]?.id, next) };
}

/**
 * X's crc_token is base64 (today the base64 of a UUID, 48 characters). Only that alphabet is answered:
 * it has no `{`, so no CRC answer is an HMAC over anything `deliveryShaped` accepts, and the CRC
 * endpoint can never be used to sign a delivery (it answers HMAC(consumer secret, token) anonymously).
 */
export const CRC_TOKEN = /^[A-Za-z0-9+/_-]{16,128}={0,2}$/;

/** An Account Activity delivery is a JSON object: its first byte (after JSON whitespace) is `{`. */
export function deliveryShaped(raw: Buffer): boolean {
  for (const b of raw) {
    if (b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d) continue;
    return b === 0x7b;
  }
  return false;
}

function verify(ctx: Ctx, req: WebhookRequest): WebhookVerdict {
  const method = req.method.toUpperCase();
  if (method === 'GET') {
    const token = req.query['crc_token'];
    if (!token) return { type: 'reject', status: 400, reason: 'GET without crc_token' };
    if (!CRC_TOKEN.test(token)) return { type: 'reject', status: 400, reason: 'crc_token is not shaped like X\'s (base64, 16-128 characters)' };
    const responseToken = 'sha256=' + hmacSha256(ctx.credentials.appSecret, token).toString('base64');
    return { type: 'challenge', status: 200, contentType: 'application/json', body: JSON.stringify({ response_token: responseToken }) };
  }
  if (method !== 'POST') return { type: 'reject', status: 400, reason: `unexpected ${method}` };
  const sig = req.headers['x-twitter-webhooks-signature'];
  if (!sig) return { type: 'reject', status: 401, reason: 'missing x-twitter-webhooks-signature' };
  if (!verifyBase64Sha256Header(ctx.credentials.appSecret, req.rawBody, sig)) {
    return { type: 'reject', status: 401, reason: 'x-twitter-webhooks-signature does not match' };
  }
  // Defence in depth: even a signature made some other way over a non-object body is not a delivery.
  if (!deliveryShaped(req.rawBody)) return { type: 'reject', status: 400, reason: 'an Account Activity delivery is a JSON object' };
  return { type: 'accept' };
}

/** An OAuth 1.0a user access token starts with the user's numeric id (`<user-id>-<random>`). */
export function userIdOfAccessToken(token: string): string | undefined {
  return /^(\d{1,19})-/.exec(token)?.[1];
}

function parse(ctx: Ctx, req: WebhookRequest): IncomingMention[] {
  let body: unknown;
  try {
    body = JSON.parse(req.rawBody.toString('utf8'));
  } catch {
    throw new ConnectorError('invalid', 'X webhook payload is not JSON');
  }
  return mentionsFromAccountActivity(body, userIdOfAccessToken(ctx.credentials.accessToken), req.report);
}

async function reply(ctx: Ctx, target: ReplyTarget, text: string, idempotencyKey: string): Promise<ReplyResult> {
  if (!text.trim()) throw new ConnectorError('invalid', 'X reply: empty text');
  const client = xClient(ctx);
  // X documents no idempotency header; sending one costs nothing on the real API and lets the
  // emulator (and any idempotent proxy) collapse retries. The server's own reply guard is the real
  // protection against double posting.
  const headers = { 'Idempotency-Key': idempotencyKey };
  if (target.kind === 'dm') {
    if (!isId(target.authorId)) throw new ConnectorError('invalid', `X reply: DM target has no valid user id (${target.authorId})`);
    const body = await xCall('send DM', () =>
      client.v2.post(`dm_conversations/with/${target.authorId}/messages`, { text }, { headers }),
    );
    const id = (body as { data?: { dm_event_id?: unknown } } | undefined)?.data?.dm_event_id;
    if (typeof id !== 'string' || !isId(id)) throw new ConnectorError('invalid', 'X send DM: malformed response (no data.dm_event_id)');
    return { externalId: id };
  }
  if (!isId(target.externalId)) throw new ConnectorError('invalid', `X reply: not a post id (${target.externalId})`);
  const body = await xCall('post reply', () =>
    client.v2.post('tweets', { text, reply: { in_reply_to_tweet_id: target.externalId } }, { headers }),
  );
  const id = (body as { data?: { id?: unknown } } | undefined)?.data?.id;
  if (typeof id !== 'string' || !isId(id)) throw new ConnectorError('invalid', 'X post reply: malformed response (no data.id)');
  return { externalId: id };
}

export function createXConnector(opts: XConnectorOptions = {}): Connector<typeof xCredentials> {
  const mentionsPageSize = Math.min(100, Math.max(5, opts.mentionsPageSize ?? 100));
  const dmPageSize = Math.min(100, Math.max(1, opts.dmPageSize ?? 100));
  return {
    network: 'x',
    displayName: 'X (Twitter)',
    credentials: xCredentials,
    pollIntervalMs: opts.pollIntervalMs ?? 60_000,

    async check(ctx) {
      return me(xClient(ctx));
    },

    async poll(ctx, cursor): Promise<PollResult> {
      const client = xClient(ctx);
      let c: XCursor | null = decodeCursor(cursor);
      if (!c) c = { v: 1, uid: (await me(client)).id, m: {}, d: {} };
      // Finish a pass in progress before starting new ones; with none in progress, poll both.
      const doMentions = !!c.m.token || !c.d.token;
      const doDms = !!c.d.token || !c.m.token;
      const mentions: IncomingMention[] = [];
      let { m, d } = c;
      if (doMentions) {
        const r = await mentionsStep(client, c.uid, c.m, mentionsPageSize);
        mentions.push(...r.mentions);
        m = r.state;
      }
      if (doDms) {
        const r = await dmStep(client, c.uid, c.d, dmPageSize);
        mentions.push(...r.mentions);
        d = r.state;
      }
      // Oldest first within the batch (pages come newest first), so the server ingests in order.
      mentions.sort((a, b) => (BigInt(a.externalId) < BigInt(b.externalId) ? -1 : 1));
      const next: XCursor = { v: 1, uid: c.uid, m, d };
      return { mentions, cursor: encodeCursor(next), more: !!(m.token || d.token) };
    },

    webhook: { verify, parse: async (ctx, req) => parse(ctx, req) },
    reply,
  };
}

export const xConnector: Connector<typeof xCredentials> = createXConnector();
