// A local X API v2 server for tests and the demo. It speaks X's wire format: OAuth 1.0a user-context
// signatures, `x-rate-limit-*` headers and 429s, problem-format error bodies, newest-first paging with
// `since_id` / `pagination_token` / `next_token`, and Account Activity webhooks (CRC + signed deliveries).
//
// Test and demo controls live under `/_emulator/...` (and as methods on the handle); nothing under `/2/`
// behaves differently from the real API on purpose.
import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express, { type Request, type Response, type NextFunction } from 'express';
import type { WebhookRequest } from '../../src/core/index.ts';
import { hmacSha256, safeEqual } from '../../src/core/signatures.ts';
import type { EmulatorHandle, RecordedReply } from '../harness.ts';
import { pickCustomer, pickText, seededRandom, type DemoCustomer } from '../texts.ts';
import { parseOAuthHeader, verifyOAuth1 } from './oauth1.ts';
import { loadState, stateWriter } from '../state-file.ts';

// ---------------------------------------------------------------------------------------------
// Model

export interface XUser {
  id: string;
  username: string;
  name: string;
  followers: number;
  createdAt: Date;
}

export interface XTweet {
  id: string;
  text: string;
  authorId: string;
  createdAt: Date;
  conversationId: string;
  inReplyToTweetId?: string;
  inReplyToUserId?: string;
  lang: string;
}

export interface XDmEvent {
  id: string;
  text: string;
  senderId: string;
  recipientId: string;
  conversationId: string;
  createdAt: Date;
}

export interface XWebhook {
  id: string;
  url: string;
  valid: boolean;
  createdAt: Date;
  subscribedUserIds: Set<string>;
}

export interface XWebhookDeliveryLog {
  url: string;
  status: number | null;
  error?: string;
  body: string;
}

export interface XCredentials {
  appKey: string;
  appSecret: string;
  accessToken: string;
  accessSecret: string;
}

export interface XEmulatorOptions {
  /** Fixed port; a free one by default. */
  port?: number;
  /** Seed for generated customers and texts. */
  seed?: number;
  /** The brand account's @handle (no @). */
  brandHandle?: string;
  /** Override every endpoint's per-15-minute request limit (handy to exhaust it naturally in tests). */
  rateLimit?: number;
  /** Rate-limit window, seconds (X uses 15 minutes). */
  windowSeconds?: number;
  /** JSON file holding the emulator's state across restarts (the demo's data directory); none in tests. */
  stateFile?: string;
}

/** What a restart must remember: credentials, users, posts, DMs, replies (dates as ISO strings). */
interface XState {
  v: 1;
  app: { key: string; secret: string };
  appBearerToken: string;
  brandToken: string;
  brandTokenSecret: string;
  lastId: string;
  customers: (Omit<XUser, 'createdAt'> & { createdAt: string })[];
  tweets: (Omit<XTweet, 'createdAt'> & { createdAt: string })[];
  dms: (Omit<XDmEvent, 'createdAt'> & { createdAt: string })[];
  replies: RecordedReply[];
  answeredDms: string[];
}

export interface XEmulatorHandle extends EmulatorHandle {
  network: 'x';
  /** e.g. http://127.0.0.1:41234 — the stand-in for https://api.x.com. */
  baseUrl: string;
  credentials: XCredentials & Record<string, unknown>;
  /** App-only bearer token, accepted (as on X) by the webhook management endpoints. */
  appBearerToken: string;
  brand: XUser;
  /** A customer tweets at the brand. */
  injectMention(opts?: { text?: string; fromBrand?: boolean; inReplyTo?: string; lang?: string }): Promise<XTweet>;
  /** A customer sends the brand a DM (or the brand sends one, with `fromBrand`). */
  injectDm(opts?: { text?: string; fromBrand?: boolean; customerId?: string }): Promise<XDmEvent>;
  /** Registers `url` as the app's webhook (CRC check, as POST /2/webhooks does) and subscribes the brand. */
  registerWebhook(url: string): Promise<{ id: string; valid: boolean }>;
  /** Signed Account Activity request for a new inbound tweet or DM, not sent anywhere. */
  webhookDelivery(opts?: { forge?: boolean; text?: string; kind?: 'mention' | 'dm' }): Promise<WebhookRequest>;
  /** Deliveries POSTed to registered webhooks so far. */
  deliveries(): XWebhookDeliveryLog[];
  /** Every following call to `route` (or any API route) gets 429 until `resetInSeconds` have passed. */
  forceRateLimit(opts?: { route?: string; resetInSeconds?: number }): { reset: number };
  /** The brand's access token becomes invalid (401) — or valid again with `false`. */
  expireToken(expired?: boolean): void;
  /** The next `count` responses of `route` (or any API route) are 200 with a malformed body. */
  malformNext(opts?: { route?: string; count?: number }): void;
  /** Number of API requests served per route (after auth), for assertions. */
  requestCount(route?: string): number;
  /** Demo traffic: a new customer mention or DM every `intervalMs` (webhooks delivered if registered). */
  startTraffic(intervalMs?: number): void;
  stopTraffic(): void;
}

/** Route names as used in rate-limit buckets and test controls. */
export const X_ROUTES = {
  me: 'GET /2/users/me',
  mentions: 'GET /2/users/:id/mentions',
  dmEvents: 'GET /2/dm_events',
  createTweet: 'POST /2/tweets',
  sendDm: 'POST /2/dm_conversations/with/:participant_id/messages',
  webhooks: '/2/webhooks',
  subscriptions: '/2/account_activity/webhooks/:webhook_id/subscriptions',
} as const;

/** Per-user 15-minute limits, close to X's published ones. */
const DEFAULT_LIMITS: Record<string, number> = {
  [X_ROUTES.me]: 75,
  [X_ROUTES.mentions]: 300,
  [X_ROUTES.dmEvents]: 300,
  [X_ROUTES.createTweet]: 200,
  [X_ROUTES.sendDm]: 200,
  [X_ROUTES.webhooks]: 15,
  [X_ROUTES.subscriptions]: 50,
};

// ---------------------------------------------------------------------------------------------
// Helpers

const X_EPOCH = 1288834974657n;

const problem = (status: number, title: string, detail: string, type = 'about:blank') => ({ title, detail, type, status });

const invalidRequest = (parameter: string, value: string, message: string) => ({
  errors: [{ parameters: { [parameter]: [value] }, message }],
  title: 'Invalid Request',
  detail: 'One or more parameters to your request was invalid.',
  type: 'https://api.twitter.com/2/problems/invalid-request',
});

const big = (s: string) => BigInt(s);
const isId = (s: unknown): s is string => typeof s === 'string' && /^\d{1,19}$/.test(s);

/** Tweets' and DMs' `created_at` on v2 have whole seconds. */
const wholeSecond = (d: Date) => new Date(Math.floor(d.getTime() / 1000) * 1000);

/** v1.1 date format used in Account Activity payloads: "Wed Oct 10 20:19:24 +0000 2018". */
function v1Date(d: Date): string {
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(
    d.getUTCMinutes(),
  )}:${p(d.getUTCSeconds())} +0000 ${d.getUTCFullYear()}`;
}

const csv = (v: unknown): Set<string> =>
  new Set(typeof v === 'string' && v ? v.split(',').map((s) => s.trim()).filter(Boolean) : []);

function encodeToken(o: object): string {
  return Buffer.from(JSON.stringify(o)).toString('base64url');
}
function decodeToken(t: string): { before: string } | null {
  try {
    const o = JSON.parse(Buffer.from(t, 'base64url').toString('utf8')) as unknown;
    if (o && typeof o === 'object' && isId((o as { before?: unknown }).before)) return o as { before: string };
  } catch {
    /* fall through */
  }
  return null;
}

// ---------------------------------------------------------------------------------------------

export async function startXEmulator(opts: XEmulatorOptions = {}): Promise<XEmulatorHandle> {
  const rand = seededRandom(opts.seed ?? 4242);
  const windowSeconds = opts.windowSeconds ?? 900;
  const handle = opts.brandHandle ?? 'acme_care';

  // --- ids: snowflake-like, strictly increasing
  let lastId = 0n;
  const nextId = (): string => {
    let id = (BigInt(Date.now()) - X_EPOCH) << 22n;
    if (id <= lastId) id = lastId + 1n;
    lastId = id;
    return id.toString();
  };

  // --- accounts
  const users = new Map<string, XUser>();
  const brand: XUser = { id: '1611000000000000001', username: handle, name: 'Acme Care', followers: 48210, createdAt: new Date('2015-03-01T09:00:00Z') };
  users.set(brand.id, brand);
  const customers: XUser[] = [];
  const addCustomer = (c: DemoCustomer): XUser => {
    const u: XUser = { id: c.id, username: c.handle, name: c.name, followers: c.followers, createdAt: new Date('2019-06-01T00:00:00Z') };
    if (!users.has(u.id)) {
      users.set(u.id, u);
      customers.push(u);
    }
    return users.get(u.id)!;
  };
  for (let i = 0; i < 12; i++) addCustomer(pickCustomer(rand));
  const someCustomer = () => customers[Math.floor(rand() * customers.length)] ?? customers[0]!;

  const saved = loadState<XState>(opts.stateFile);
  const restored = saved?.v === 1 ? saved : undefined;
  if (restored) for (const c of restored.customers) addCustomer({ id: c.id, handle: c.username, name: c.name, followers: c.followers } as DemoCustomer);
  const app = restored?.app ?? { key: 'xemu-consumer-' + randomBytes(6).toString('hex'), secret: randomBytes(24).toString('base64url') };
  const appBearerToken = restored?.appBearerToken ?? 'AAAAAAAAAAAAAAAAAAAAA' + randomBytes(24).toString('base64url');
  interface TokenRecord { secret: string; userId: string; expired: boolean }
  const tokens = new Map<string, TokenRecord>();
  const brandToken = restored?.brandToken ?? `${brand.id}-${randomBytes(15).toString('base64url')}`;
  tokens.set(brandToken, { secret: restored?.brandTokenSecret ?? randomBytes(22).toString('base64url'), userId: brand.id, expired: false });
  const credentials: XCredentials = {
    appKey: app.key,
    appSecret: app.secret,
    accessToken: brandToken,
    accessSecret: tokens.get(brandToken)!.secret,
  };

  // --- content
  const tweets: XTweet[] = []; // ascending by id
  const dms: XDmEvent[] = []; // ascending by id
  const replies: RecordedReply[] = [];
  const answeredDms = new Set<string>();
  const idempotent = new Map<string, { status: number; body: unknown }>();
  const webhooks = new Map<string, XWebhook>();
  const deliveryLog: XWebhookDeliveryLog[] = [];
  if (restored) {
    lastId = BigInt(restored.lastId);
    tweets.push(...restored.tweets.map((t) => ({ ...t, createdAt: new Date(t.createdAt) })));
    dms.push(...restored.dms.map((d) => ({ ...d, createdAt: new Date(d.createdAt) })));
    replies.push(...restored.replies);
    for (const id of restored.answeredDms) answeredDms.add(id);
  }
  const state = stateWriter(opts.stateFile, (): XState => ({
    v: 1,
    app,
    appBearerToken,
    brandToken,
    brandTokenSecret: tokens.get(brandToken)!.secret,
    lastId: lastId.toString(),
    customers: customers.map((u) => ({ ...u, createdAt: u.createdAt.toISOString() })),
    tweets: tweets.map((t) => ({ ...t, createdAt: t.createdAt.toISOString() })),
    dms: dms.map((d) => ({ ...d, createdAt: d.createdAt.toISOString() })),
    replies,
    answeredDms: [...answeredDms],
  }));

  // --- controls
  interface Bucket { limit: number; remaining: number; reset: number }
  const buckets = new Map<string, Bucket>();
  const forced = new Map<string, number>(); // route or '*' -> reset epoch seconds
  const malformed = new Map<string, number>(); // route or '*' -> remaining count
  const served = new Map<string, number>();

  const mentionsOf = (userId: string) => {
    const u = users.get(userId);
    if (!u) return [];
    const re = new RegExp(`(^|[^\\w])@${u.username}(?![\\w])`, 'i');
    return tweets.filter((t) => re.test(t.text) || (t.inReplyToUserId === userId && t.authorId !== userId));
  };

  function createTweet(authorId: string, text: string, inReplyTo?: XTweet, lang = 'en'): XTweet {
    const id = nextId();
    const t: XTweet = {
      id,
      text,
      authorId,
      createdAt: wholeSecond(new Date()),
      conversationId: inReplyTo ? inReplyTo.conversationId : id,
      lang,
    };
    if (inReplyTo) {
      t.inReplyToTweetId = inReplyTo.id;
      t.inReplyToUserId = inReplyTo.authorId;
    }
    tweets.push(t);
    state.touch();
    return t;
  }

  function createDm(senderId: string, recipientId: string, text: string): XDmEvent {
    const [a, b] = [senderId, recipientId].sort((x, y) => (big(x) < big(y) ? -1 : 1));
    const e: XDmEvent = {
      id: nextId(),
      text,
      senderId,
      recipientId,
      conversationId: `${a}-${b}`,
      createdAt: wholeSecond(new Date()),
    };
    dms.push(e);
    state.touch();
    return e;
  }

  // --- v2 renderers
  function userV2(u: XUser, fields: Set<string>) {
    const o: Record<string, unknown> = { id: u.id, name: u.name, username: u.username };
    if (fields.has('created_at')) o['created_at'] = u.createdAt.toISOString();
    if (fields.has('public_metrics')) {
      o['public_metrics'] = { followers_count: u.followers, following_count: 180, tweet_count: 1200, listed_count: 3, like_count: 900 };
    }
    if (fields.has('protected')) o['protected'] = false;
    if (fields.has('verified')) o['verified'] = false;
    if (fields.has('description')) o['description'] = '';
    return o;
  }

  function tweetV2(t: XTweet, fields: Set<string>) {
    const o: Record<string, unknown> = { id: t.id, text: t.text, edit_history_tweet_ids: [t.id] };
    if (fields.has('created_at')) o['created_at'] = t.createdAt.toISOString();
    if (fields.has('author_id')) o['author_id'] = t.authorId;
    if (fields.has('conversation_id')) o['conversation_id'] = t.conversationId;
    if (fields.has('in_reply_to_user_id') && t.inReplyToUserId) o['in_reply_to_user_id'] = t.inReplyToUserId;
    if (fields.has('referenced_tweets') && t.inReplyToTweetId) o['referenced_tweets'] = [{ type: 'replied_to', id: t.inReplyToTweetId }];
    if (fields.has('lang')) o['lang'] = t.lang;
    if (fields.has('entities')) {
      const mentions = [...t.text.matchAll(/@(\w{1,15})/g)].map((m) => {
        const u = [...users.values()].find((x) => x.username.toLowerCase() === m[1]!.toLowerCase());
        return { start: m.index!, end: m.index! + m[0].length, username: m[1]!, ...(u ? { id: u.id } : {}) };
      });
      if (mentions.length) o['entities'] = { mentions };
    }
    if (fields.has('public_metrics')) o['public_metrics'] = { retweet_count: 0, reply_count: 0, like_count: 0, quote_count: 0 };
    return o;
  }

  function dmV2(e: XDmEvent, fields: Set<string>) {
    const o: Record<string, unknown> = { id: e.id, event_type: 'MessageCreate', text: e.text };
    if (fields.has('created_at')) o['created_at'] = e.createdAt.toISOString();
    if (fields.has('sender_id')) o['sender_id'] = e.senderId;
    if (fields.has('dm_conversation_id')) o['dm_conversation_id'] = e.conversationId;
    return o;
  }

  // --- Account Activity payloads (v1.1 objects, as AAA delivers them)
  function userV1(u: XUser) {
    return {
      id: Number(u.id),
      id_str: u.id,
      name: u.name,
      screen_name: u.username,
      protected: false,
      verified: false,
      followers_count: u.followers,
      friends_count: 180,
      statuses_count: 1200,
      created_at: v1Date(u.createdAt),
    };
  }
  function tweetV1(t: XTweet) {
    const author = users.get(t.authorId)!;
    const parent = t.inReplyToUserId ? users.get(t.inReplyToUserId) : undefined;
    return {
      created_at: v1Date(t.createdAt),
      id: Number(t.id), // loses precision, exactly like the real payload: consumers must read id_str
      id_str: t.id,
      text: t.text,
      truncated: false,
      in_reply_to_status_id: t.inReplyToTweetId ? Number(t.inReplyToTweetId) : null,
      in_reply_to_status_id_str: t.inReplyToTweetId ?? null,
      in_reply_to_user_id: t.inReplyToUserId ? Number(t.inReplyToUserId) : null,
      in_reply_to_user_id_str: t.inReplyToUserId ?? null,
      in_reply_to_screen_name: parent?.username ?? null,
      user: userV1(author),
      is_quote_status: false,
      entities: {
        hashtags: [],
        urls: [],
        symbols: [],
        user_mentions: [...t.text.matchAll(/@(\w{1,15})/g)].map((m) => {
          const u = [...users.values()].find((x) => x.username.toLowerCase() === m[1]!.toLowerCase());
          return { screen_name: m[1]!, name: u?.name ?? m[1]!, id: u ? Number(u.id) : 0, id_str: u?.id ?? '0', indices: [m.index!, m.index! + m[0].length] };
        }),
      },
      lang: t.lang,
      timestamp_ms: String(t.createdAt.getTime()),
    };
  }
  function tweetPayload(t: XTweet, forUserId: string) {
    return { for_user_id: forUserId, tweet_create_events: [tweetV1(t)] };
  }
  function dmPayload(e: XDmEvent, forUserId: string) {
    const s = users.get(e.senderId)!;
    const r = users.get(e.recipientId)!;
    return {
      for_user_id: forUserId,
      direct_message_events: [
        {
          type: 'message_create',
          id: e.id,
          created_timestamp: String(e.createdAt.getTime()),
          message_create: {
            target: { recipient_id: e.recipientId },
            sender_id: e.senderId,
            source_app_id: '268278',
            message_data: { text: e.text, entities: { hashtags: [], symbols: [], user_mentions: [], urls: [] } },
          },
        },
      ],
      apps: { '268278': { id: '268278', name: 'X Web App', url: 'https://x.com' } },
      users: {
        [s.id]: { id: s.id, created_timestamp: String(s.createdAt.getTime()), name: s.name, screen_name: s.username, protected: false, verified: false, followers_count: s.followers, friends_count: 180, statuses_count: 1200 },
        [r.id]: { id: r.id, created_timestamp: String(r.createdAt.getTime()), name: r.name, screen_name: r.username, protected: false, verified: false, followers_count: r.followers, friends_count: 180, statuses_count: 1200 },
      },
    };
  }

  const signBody = (body: string) => 'sha256=' + hmacSha256(app.secret, body).toString('base64');

  /** POSTs an AAA payload to every valid webhook subscribed to `forUserId`. */
  async function deliver(payload: object, forUserId: string): Promise<void> {
    const body = JSON.stringify(payload);
    const targets = [...webhooks.values()].filter((w) => w.valid && w.subscribedUserIds.has(forUserId));
    await Promise.all(
      targets.map(async (w) => {
        const log: XWebhookDeliveryLog = { url: w.url, status: null, body };
        deliveryLog.push(log);
        try {
          const res = await fetch(w.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json; charset=utf-8', 'x-twitter-webhooks-signature': signBody(body) },
            body,
            signal: AbortSignal.timeout(10_000),
          });
          log.status = res.status;
          await res.arrayBuffer().catch(() => undefined);
        } catch (e) {
          log.error = (e as Error).message;
        }
      }),
    );
  }
  const deliverTweet = (t: XTweet) => {
    // AAA sends the tweet to the author's subscription and to every mentioned / replied-to subscribed user.
    const involved = new Set<string>([t.authorId, ...mentionsOfTweet(t)]);
    return Promise.all([...involved].map((uid) => deliver(tweetPayload(t, uid), uid))).then(() => undefined);
  };
  const mentionsOfTweet = (t: XTweet) =>
    [...users.values()].filter((u) => mentionsOf(u.id).some((m) => m.id === t.id)).map((u) => u.id);
  const deliverDm = (e: XDmEvent) =>
    Promise.all([e.senderId, e.recipientId].map((uid) => deliver(dmPayload(e, uid), uid))).then(() => undefined);

  /** CRC check against a webhook URL, as X performs it on registration and re-validation. */
  async function crcCheck(url: string): Promise<boolean> {
    // As X sends it: the base64 of a UUID, with a base64 nonce beside it.
    const crc = Buffer.from(randomUUID()).toString('base64');
    const u = new URL(url);
    u.searchParams.set('crc_token', crc);
    u.searchParams.set('nonce', Buffer.from(String(Date.now())).toString('base64url'));
    try {
      const res = await fetch(u, { method: 'GET', signal: AbortSignal.timeout(3_000) });
      if (res.status !== 200) return false;
      const j = (await res.json()) as { response_token?: unknown };
      const expected = 'sha256=' + hmacSha256(app.secret, crc).toString('base64');
      return typeof j.response_token === 'string' && safeEqual(j.response_token, expected);
    } catch {
      return false;
    }
  }

  // --- generation
  const fillMention = (text: string) => (new RegExp(`@${handle}\\b`, 'i').test(text) ? text : `@${handle} ${text}`);

  function newMention(o: { text?: string; fromBrand?: boolean; inReplyTo?: string; lang?: string } = {}): XTweet {
    const picked = pickText(rand, handle);
    const author = o.fromBrand ? brand : someCustomer();
    const parent = o.inReplyTo ? tweets.find((t) => t.id === o.inReplyTo) : undefined;
    if (o.inReplyTo && !parent) throw new Error(`no tweet ${o.inReplyTo}`);
    const text = fillMention(o.text ?? picked.text);
    return createTweet(author.id, text, parent, o.lang ?? (o.text ? 'en' : picked.lang));
  }
  function newDm(o: { text?: string; fromBrand?: boolean; customerId?: string } = {}): XDmEvent {
    const customer = (o.customerId && users.get(o.customerId)) || someCustomer();
    const text = o.text ?? pickText(rand, handle).text;
    return o.fromBrand ? createDm(brand.id, customer.id, text) : createDm(customer.id, brand.id, text);
  }

  // -------------------------------------------------------------------------------------------
  // HTTP

  const server = express();
  server.disable('x-powered-by');
  let baseUrl = '';

  interface Authed { kind: 'user'; user: XUser; token: string }
  interface AppAuthed { kind: 'app' }
  type Auth = Authed | AppAuthed;

  function authenticate(req: Request): Auth | { status: number; body: unknown } {
    const header = req.headers.authorization;
    const unauthorized = { status: 401, body: problem(401, 'Unauthorized', 'Unauthorized') };
    if (!header) return unauthorized;
    if (/^Bearer\s/i.test(header)) {
      return safeEqual(header.slice(7).trim(), appBearerToken) ? { kind: 'app' } : unauthorized;
    }
    const oauth = parseOAuthHeader(header);
    if (!oauth) return unauthorized;
    if (oauth['oauth_consumer_key'] !== app.key) return unauthorized;
    const tok = tokens.get(oauth['oauth_token'] ?? '');
    if (!tok || tok.expired) return unauthorized;
    const ts = Number(oauth['oauth_timestamp']);
    if (!Number.isFinite(ts) || Math.abs(ts - Date.now() / 1000) > 300) return unauthorized;
    const [path, rawQuery = ''] = req.originalUrl.split('?') as [string, string?];
    const params = [...new URLSearchParams(rawQuery).entries()];
    const ok = verifyOAuth1({
      method: req.method,
      baseUrl: baseUrl + path,
      params,
      oauth,
      consumerSecret: app.secret,
      tokenSecret: tok.secret,
    });
    if (!ok) return unauthorized;
    return { kind: 'user', user: users.get(tok.userId)!, token: oauth['oauth_token']! };
  }

  type Handler = (req: Request, res: Response, auth: Auth) => unknown;

  /** Wraps an API route: auth, rate limit, headers, malformed-response injection. */
  function api(method: 'get' | 'post' | 'put' | 'delete', path: string, route: string, allowApp: boolean, h: Handler) {
    server[method](path, express.json({ limit: '1mb' }), (req: Request, res: Response, next: NextFunction) => {
      const auth = authenticate(req);
      if ('status' in auth) return void res.status(auth.status).json(auth.body);
      if (auth.kind === 'app' && !allowApp) {
        return void res.status(403).json(
          problem(
            403,
            'Unsupported Authentication',
            'Authenticating with OAuth 2.0 Application-Only is forbidden for this endpoint.  Supported authentication types are [OAuth 1.0a User Context, OAuth 2.0 User Context].',
            'https://api.twitter.com/2/problems/unsupported-authentication',
          ),
        );
      }
      const who = auth.kind === 'user' ? auth.token : 'app';
      const now = Math.floor(Date.now() / 1000);
      const key = `${who}|${route}`;
      let b = buckets.get(key);
      if (!b || b.reset <= now) {
        b = { limit: opts.rateLimit ?? DEFAULT_LIMITS[route] ?? 100, remaining: opts.rateLimit ?? DEFAULT_LIMITS[route] ?? 100, reset: now + windowSeconds };
        buckets.set(key, b);
      }
      const forcedReset = Math.max(forced.get(route) ?? 0, forced.get('*') ?? 0);
      res.setHeader('x-rate-limit-limit', String(b.limit));
      if (forcedReset > now || b.remaining <= 0) {
        res.setHeader('x-rate-limit-remaining', '0');
        res.setHeader('x-rate-limit-reset', String(forcedReset > now ? forcedReset : b.reset));
        return void res.status(429).json(problem(429, 'Too Many Requests', 'Too Many Requests'));
      }
      b.remaining -= 1;
      res.setHeader('x-rate-limit-remaining', String(b.remaining));
      res.setHeader('x-rate-limit-reset', String(b.reset));
      served.set(route, (served.get(route) ?? 0) + 1);
      for (const k of [route, '*']) {
        const n = malformed.get(k) ?? 0;
        if (n > 0) {
          malformed.set(k, n - 1);
          return void res
            .status(200)
            .type('application/json')
            .send('{"data":[{"id":12345,"txt":null}],"meta":{"result_count":"several"}}');
        }
      }
      Promise.resolve(h(req, res, auth)).catch(next);
    });
  }

  const userOf = (auth: Auth) => (auth.kind === 'user' ? auth.user : undefined);

  // GET /2/users/me
  api('get', '/2/users/me', X_ROUTES.me, false, (req, res, auth) => {
    res.json({ data: userV2(userOf(auth)!, csv(req.query['user.fields'])) });
  });

  // GET /2/users/:id/mentions
  api('get', '/2/users/:id/mentions', X_ROUTES.mentions, true, (req, res) => {
    const id = String(req.params['id']);
    if (!isId(id)) return res.status(400).json(invalidRequest('id', id, `The \`id\` query parameter value [${id}] does not match ^[0-9]{1,19}$`));
    if (!users.has(id)) {
      return res.json({
        errors: [{ value: id, detail: `Could not find user with id: [${id}].`, title: 'Not Found Error', resource_type: 'user', parameter: 'id', resource_id: id, type: 'https://api.twitter.com/2/problems/resource-not-found' }],
      });
    }
    const q = req.query as Record<string, string | undefined>;
    const max = q['max_results'] === undefined ? 10 : Number(q['max_results']);
    if (!Number.isInteger(max) || max < 5 || max > 100) {
      return res.status(400).json(invalidRequest('max_results', String(q['max_results']), `The \`max_results\` query parameter value [${q['max_results']}] is not between 5 and 100`));
    }
    for (const p of ['since_id', 'until_id'] as const) {
      if (q[p] !== undefined && !isId(q[p])) {
        return res.status(400).json(invalidRequest(p, String(q[p]), `The \`${p}\` query parameter value [${q[p]}] does not match ^[0-9]{1,19}$`));
      }
    }
    let before: bigint | undefined;
    if (q['pagination_token'] !== undefined) {
      const t = decodeToken(q['pagination_token']);
      if (!t) return res.status(400).json(invalidRequest('pagination_token', q['pagination_token'], `The \`pagination_token\` query parameter value [${q['pagination_token']}] is not valid`));
      before = big(t.before);
    }
    let list = mentionsOf(id).slice().reverse(); // newest first
    if (q['since_id']) list = list.filter((t) => big(t.id) > big(q['since_id']!));
    if (q['until_id']) list = list.filter((t) => big(t.id) < big(q['until_id']!));
    if (before !== undefined) list = list.filter((t) => big(t.id) < before!);
    const page = list.slice(0, max);
    const rest = list.length > page.length;
    if (!page.length) return res.json({ meta: { result_count: 0 } });
    const tf = csv(q['tweet.fields']);
    const body: Record<string, unknown> = { data: page.map((t) => tweetV2(t, tf)) };
    if (csv(q['expansions']).has('author_id')) {
      const uf = csv(q['user.fields']);
      const authors = [...new Set(page.map((t) => t.authorId))].map((a) => userV2(users.get(a)!, uf));
      body['includes'] = { users: authors };
    }
    const meta: Record<string, unknown> = { result_count: page.length, newest_id: page[0]!.id, oldest_id: page[page.length - 1]!.id };
    if (rest) meta['next_token'] = encodeToken({ before: page[page.length - 1]!.id });
    body['meta'] = meta;
    res.json(body);
  });

  // GET /2/dm_events — the authenticated user's DM events, newest first (no since_id on X).
  api('get', '/2/dm_events', X_ROUTES.dmEvents, false, (req, res, auth) => {
    const me = userOf(auth)!;
    const q = req.query as Record<string, string | undefined>;
    const max = q['max_results'] === undefined ? 100 : Number(q['max_results']);
    if (!Number.isInteger(max) || max < 1 || max > 100) {
      return res.status(400).json(invalidRequest('max_results', String(q['max_results']), `The \`max_results\` query parameter value [${q['max_results']}] is not between 1 and 100`));
    }
    const types = csv(q['event_types']);
    for (const t of types) {
      if (!['MessageCreate', 'ParticipantsJoin', 'ParticipantsLeave'].includes(t)) {
        return res.status(400).json(invalidRequest('event_types', t, `The \`event_types\` query parameter value [${t}] is not one of [MessageCreate, ParticipantsJoin, ParticipantsLeave]`));
      }
    }
    let before: bigint | undefined;
    if (q['pagination_token'] !== undefined) {
      const t = decodeToken(q['pagination_token']);
      if (!t) return res.status(400).json(invalidRequest('pagination_token', q['pagination_token'], `The \`pagination_token\` query parameter value [${q['pagination_token']}] is not valid`));
      before = big(t.before);
    }
    let list = dms.filter((e) => e.senderId === me.id || e.recipientId === me.id).reverse();
    if (types.size && !types.has('MessageCreate')) list = [];
    if (before !== undefined) list = list.filter((e) => big(e.id) < before!);
    const page = list.slice(0, max);
    if (!page.length) return res.json({ meta: { result_count: 0 } });
    const ef = csv(q['dm_event.fields']);
    const body: Record<string, unknown> = { data: page.map((e) => dmV2(e, ef)) };
    if (csv(q['expansions']).has('sender_id')) {
      const uf = csv(q['user.fields']);
      body['includes'] = { users: [...new Set(page.map((e) => e.senderId))].map((s) => userV2(users.get(s)!, uf)) };
    }
    const meta: Record<string, unknown> = { result_count: page.length };
    if (list.length > page.length) meta['next_token'] = encodeToken({ before: page[page.length - 1]!.id });
    body['meta'] = meta;
    res.json(body);
  });

  /** Honours an `Idempotency-Key` header per user and route: a retried POST gets the first answer. */
  function idempotency(req: Request, res: Response, auth: Auth, route: string): ((status: number, body: unknown) => void) | null {
    const key = req.headers['idempotency-key'];
    const who = auth.kind === 'user' ? auth.user.id : 'app';
    const k = typeof key === 'string' && key ? `${who}|${route}|${key}` : null;
    if (k && idempotent.has(k)) {
      const prev = idempotent.get(k)!;
      res.status(prev.status).json(prev.body);
      return null;
    }
    return (status, body) => {
      if (k) idempotent.set(k, { status, body });
      res.status(status).json(body);
    };
  }

  // POST /2/tweets
  api('post', '/2/tweets', X_ROUTES.createTweet, false, (req, res, auth) => {
    const me = userOf(auth)!;
    const send = idempotency(req, res, auth, X_ROUTES.createTweet);
    if (!send) return;
    const b = (req.body ?? {}) as { text?: unknown; reply?: { in_reply_to_tweet_id?: unknown } };
    if (typeof b.text !== 'string' || b.text.length === 0) {
      return res.status(400).json(invalidRequest('text', String(b.text), 'Invalid text: must be a non-empty string'));
    }
    if ([...b.text].length > 280) {
      return res.status(403).json(problem(403, 'Forbidden', 'You are not permitted to perform this action.'));
    }
    let parent: XTweet | undefined;
    if (b.reply !== undefined) {
      const pid = b.reply?.in_reply_to_tweet_id;
      parent = isId(pid) ? tweets.find((t) => t.id === pid) : undefined;
      if (!parent) {
        return res.status(400).json(invalidRequest('reply.in_reply_to_tweet_id', String(pid), 'The reply.in_reply_to_tweet_id field must be the id of an existing Post'));
      }
    }
    const t = createTweet(me.id, b.text, parent);
    if (parent) replies.push({ inReplyTo: parent.id, text: t.text, externalId: t.id });
    void deliverTweet(t);
    send(201, { data: { id: t.id, text: t.text, edit_history_tweet_ids: [t.id] } });
  });

  // POST /2/dm_conversations/with/:participant_id/messages
  api('post', '/2/dm_conversations/with/:participant_id/messages', X_ROUTES.sendDm, false, (req, res, auth) => {
    const me = userOf(auth)!;
    const send = idempotency(req, res, auth, X_ROUTES.sendDm);
    if (!send) return;
    const pid = String(req.params['participant_id']);
    const other = isId(pid) ? users.get(pid) : undefined;
    if (!other || other.id === me.id) {
      return res.status(400).json(invalidRequest('participant_id', pid, `The \`participant_id\` path parameter value [${pid}] is not a valid user`));
    }
    const b = (req.body ?? {}) as { text?: unknown };
    if (typeof b.text !== 'string' || b.text.length === 0) {
      return res.status(400).json(invalidRequest('text', String(b.text), 'Invalid text: must be a non-empty string'));
    }
    if ([...b.text].length > 10000) return res.status(400).json(invalidRequest('text', '…', 'Text is longer than 10000 characters'));
    const e = createDm(me.id, other.id, b.text);
    // DMs carry no "in reply to"; record the oldest unanswered inbound DM of that conversation.
    const inbound = dms.filter((d) => d.conversationId === e.conversationId && d.senderId === other.id && big(d.id) < big(e.id));
    const answered = inbound.find((d) => !answeredDms.has(d.id)) ?? inbound[inbound.length - 1];
    if (answered) answeredDms.add(answered.id);
    replies.push({ inReplyTo: answered?.id ?? '', text: e.text, externalId: e.id });
    void deliverDm(e);
    send(201, { data: { dm_conversation_id: e.conversationId, dm_event_id: e.id } });
  });

  // --- webhooks (v2 Webhooks API + Account Activity subscriptions)
  const webhookV2 = (w: XWebhook) => ({ id: w.id, url: w.url, valid: w.valid, created_at: w.createdAt.toISOString() });

  async function registerWebhookUrl(url: string): Promise<{ ok: true; w: XWebhook } | { ok: false; body: unknown }> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return { ok: false, body: invalidRequest('url', url, 'The url is not a valid URL') };
    }
    if (![...webhooks.values()].every((w) => w.url !== parsed.href)) {
      return { ok: false, body: invalidRequest('url', url, 'This URL is already registered as a webhook') };
    }
    if (!(await crcCheck(parsed.href))) {
      return { ok: false, body: { ...invalidRequest('url', url, 'CRC validation failed'), detail: 'The webhook URL did not answer the CRC check correctly.' } };
    }
    const w: XWebhook = { id: nextId(), url: parsed.href, valid: true, createdAt: new Date(), subscribedUserIds: new Set() };
    webhooks.set(w.id, w);
    return { ok: true, w };
  }

  api('post', '/2/webhooks', X_ROUTES.webhooks, true, async (req, res) => {
    const url = (req.body as { url?: unknown } | undefined)?.url;
    if (typeof url !== 'string') return res.status(400).json(invalidRequest('url', String(url), 'url is required'));
    const r = await registerWebhookUrl(url);
    if (!r.ok) return res.status(400).json(r.body);
    res.status(200).json({ data: webhookV2(r.w) });
  });
  api('get', '/2/webhooks', X_ROUTES.webhooks, true, (_req, res) => {
    const list = [...webhooks.values()].map(webhookV2);
    res.json(list.length ? { data: list, meta: { result_count: list.length } } : { meta: { result_count: 0 } });
  });
  api('put', '/2/webhooks/:webhook_id', X_ROUTES.webhooks, true, async (req, res) => {
    const w = webhooks.get(String(req.params['webhook_id']));
    if (!w) return res.status(404).json(problem(404, 'Not Found Error', 'Webhook not found', 'https://api.twitter.com/2/problems/resource-not-found'));
    w.valid = await crcCheck(w.url);
    res.json({ data: { valid: w.valid } });
  });
  api('delete', '/2/webhooks/:webhook_id', X_ROUTES.webhooks, true, (req, res) => {
    const ok = webhooks.delete(String(req.params['webhook_id']));
    res.json({ data: { deleted: ok } });
  });
  api('post', '/2/account_activity/webhooks/:webhook_id/subscriptions/all', X_ROUTES.subscriptions, false, (req, res, auth) => {
    const w = webhooks.get(String(req.params['webhook_id']));
    if (!w) return res.status(404).json(problem(404, 'Not Found Error', 'Webhook not found', 'https://api.twitter.com/2/problems/resource-not-found'));
    w.subscribedUserIds.add(userOf(auth)!.id);
    res.json({ data: { subscribed: true } });
  });
  api('get', '/2/account_activity/webhooks/:webhook_id/subscriptions/all', X_ROUTES.subscriptions, false, (req, res, auth) => {
    const w = webhooks.get(String(req.params['webhook_id']));
    res.json({ data: { subscribed: !!w && w.subscribedUserIds.has(userOf(auth)!.id) } });
  });

  // --- test / demo controls (not part of X's API)
  const ctl = express.Router();
  ctl.use(express.json());
  ctl.post('/inject', async (req, res) => {
    const b = (req.body ?? {}) as { count?: number; text?: string; kind?: 'mention' | 'dm' };
    const out: string[] = [];
    for (let i = 0; i < Math.min(Math.max(Number(b.count ?? 1), 1), 1000); i++) {
      if (b.kind === 'dm') out.push((await handleObj.injectDm({ ...(b.text ? { text: b.text } : {}) })).id);
      else if (b.kind === 'mention') out.push((await handleObj.injectMention({ ...(b.text ? { text: b.text } : {}) })).id);
      else {
        const textOpt = b.text ? { text: b.text } : {};
        out.push((injectCounter++ % 2 === 0 ? await handleObj.injectMention(textOpt) : await handleObj.injectDm(textOpt)).id);
      }
    }
    res.json({ ids: out });
  });
  ctl.post('/rate-limit', (req, res) => {
    const b = (req.body ?? {}) as { route?: string; resetInSeconds?: number };
    res.json(handleObj.forceRateLimit({ ...(b.route ? { route: b.route } : {}), ...(b.resetInSeconds ? { resetInSeconds: b.resetInSeconds } : {}) }));
  });
  ctl.post('/expire-token', (req, res) => {
    handleObj.expireToken((req.body as { expired?: boolean } | undefined)?.expired ?? true);
    res.json({ ok: true });
  });
  ctl.post('/malform', (req, res) => {
    const b = (req.body ?? {}) as { route?: string; count?: number };
    handleObj.malformNext({ ...(b.route ? { route: b.route } : {}), ...(b.count ? { count: b.count } : {}) });
    res.json({ ok: true });
  });
  ctl.post('/webhook', async (req, res) => {
    const url = (req.body as { url?: unknown } | undefined)?.url;
    if (typeof url !== 'string') return void res.status(400).json({ error: 'url required' });
    try {
      res.json(await handleObj.registerWebhook(url));
    } catch (e) {
      res.status(400).json({ error: (e as Error).message });
    }
  });
  ctl.post('/traffic', (req, res) => {
    const b = (req.body ?? {}) as { intervalMs?: number; stop?: boolean };
    if (b.stop) handleObj.stopTraffic();
    else handleObj.startTraffic(b.intervalMs);
    res.json({ ok: true });
  });
  ctl.get('/replies', (_req, res) => void res.json(replies));
  ctl.get('/deliveries', (_req, res) => void res.json(deliveryLog));
  server.use('/_emulator', ctl);

  server.use((_req: Request, res: Response) => {
    res.status(404).json({ errors: [{ message: 'Sorry, that page does not exist', code: 34 }] });
  });
  server.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const e = err as { type?: string; status?: number; message?: string };
    if (e.type === 'entity.parse.failed') {
      return void res.status(400).json(problem(400, 'Invalid Request', 'Request body is not valid JSON.', 'https://api.twitter.com/2/problems/invalid-request'));
    }
    res.status(500).json(problem(500, 'Internal Server Error', e.message ?? 'error'));
  });

  const http: Server = await new Promise((resolve, reject) => {
    const s = server.listen(opts.port ?? 0, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
  baseUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;

  // --- handle
  let traffic: NodeJS.Timeout | null = null;
  let injectCounter = 0;

  const handleObj: XEmulatorHandle = {
    network: 'x',
    baseUrl,
    endpoints: { api: baseUrl },
    credentials: credentials as XCredentials & Record<string, unknown>,
    appBearerToken,
    brand,

    async inject(o = {}) {
      // Alternates public mentions and DMs so that both paths are exercised.
      for (let i = 0; i < (o.count ?? 1); i++) {
        const textOpt = o.text !== undefined ? { text: o.text } : {};
        if (injectCounter++ % 2 === 0) await handleObj.injectMention(textOpt);
        else await handleObj.injectDm(textOpt);
      }
    },
    async injectMention(o = {}) {
      const t = newMention(o);
      await deliverTweet(t);
      return t;
    },
    async injectDm(o = {}) {
      const e = newDm(o);
      await deliverDm(e);
      return e;
    },
    async registerWebhook(url) {
      const r = await registerWebhookUrl(url);
      if (!r.ok) throw new Error(`webhook registration failed: ${JSON.stringify(r.body)}`);
      r.w.subscribedUserIds.add(brand.id);
      return { id: r.w.id, valid: r.w.valid };
    },
    async webhookDelivery(o = {}) {
      const textOpt = o.text !== undefined ? { text: o.text } : {};
      const payload = o.kind === 'dm' ? dmPayload(newDm(textOpt), brand.id) : tweetPayload(newMention(textOpt), brand.id);
      const body = JSON.stringify(payload);
      const signature = o.forge ? 'sha256=' + hmacSha256('not-the-consumer-secret', body).toString('base64') : signBody(body);
      return {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', 'x-twitter-webhooks-signature': signature },
        query: {},
        rawBody: Buffer.from(body),
      };
    },
    deliveries: () => deliveryLog.slice(),
    async replies() {
      return replies.slice();
    },
    forceRateLimit(o = {}) {
      const reset = Math.floor(Date.now() / 1000) + (o.resetInSeconds ?? 60);
      forced.set(o.route ?? '*', reset);
      return { reset };
    },
    expireToken(expired = true) {
      tokens.get(brandToken)!.expired = expired;
    },
    malformNext(o = {}) {
      malformed.set(o.route ?? '*', o.count ?? 1);
    },
    requestCount(route) {
      if (route) return served.get(route) ?? 0;
      return [...served.values()].reduce((a, b) => a + b, 0);
    },
    startTraffic(intervalMs = 4000) {
      handleObj.stopTraffic();
      traffic = setInterval(() => {
        const p = rand() < 0.65 ? handleObj.injectMention() : handleObj.injectDm();
        p.catch(() => undefined);
      }, intervalMs);
      traffic.unref();
    },
    stopTraffic() {
      if (traffic) clearInterval(traffic);
      traffic = null;
    },
    async close() {
      handleObj.stopTraffic();
      state.flush();
      await new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      });
    },
  };
  return handleObj;
}
