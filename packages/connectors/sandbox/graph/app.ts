// The Graph API emulator's HTTP surface: versioned Graph paths (`/v24.0/...`) speaking the real wire
// format, plus test controls under `/_emulator/...`.
import { randomBytes } from 'node:crypto';
import express, { type Request, type Response } from 'express';
import type { Deliveries } from './deliver.ts';
import { commentJson, igCommentJson, mediaJson, postJson } from './payloads.ts';
import type { GraphNetwork, GraphStore, ThrottleRule } from './store.ts';

const VERSION_RE = /^v\d+\.\d+$/;
const WINDOW_MS = 60_000;

export interface AppOptions {
  /** Requests per minute per network before Business Use Case throttling kicks in (0 = unlimited). */
  callsPerMinute?: number;
  /** Default page size when `limit` is absent (Graph: 25). */
  defaultLimit?: number;
  /**
   * `time`: the Page feed pages by time as graph.facebook.com does for `/feed` (`paging.next` with
   * `until` and `__paging_token`, `paging.previous` with `since`, no `cursors`); `cursor` otherwise.
   */
  feedPaging?: 'cursor' | 'time';
}

export interface AppHooks {
  /** Called after the brand replies/answers, so the emulator can deliver echo webhooks. */
  onBrandComment(network: GraphNetwork, id: string): void;
  onBrandMessage(network: GraphNetwork, mid: string): void;
  controls: express.Router;
}

class GraphFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(String(body.message));
  }
}

const trace = () => randomBytes(9).toString('base64url');

function fail(status: number, code: number, message: string, type = 'OAuthException', subcode?: number, headers: Record<string, string> = {}): never {
  throw new GraphFailure(status, { message, type, code, ...(subcode !== undefined ? { error_subcode: subcode } : {}), fbtrace_id: trace() }, headers);
}

const notFound = (id: string, method = 'get'): never =>
  fail(
    400,
    100,
    `Unsupported ${method} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
    'GraphMethodException',
    33,
  );

const enc = (seq: number) => Buffer.from(`seq:${seq}`).toString('base64url');
function dec(c: string): number {
  const m = /^seq:(\d+)$/.exec(Buffer.from(c, 'base64url').toString('utf8'));
  if (!m) fail(400, 100, 'Invalid cursor', 'OAuthException');
  return Number(m[1]);
}

function timeParam(v: unknown): number | undefined {
  if (v === undefined || v === '') return undefined;
  const s = String(v);
  if (/^\d+$/.test(s)) return Number(s);
  const t = Date.parse(s);
  if (!Number.isFinite(t)) fail(400, 100, `(#100) Invalid timestamp for since/until: ${s}`);
  return Math.floor(t / 1000);
}

/** A Graph edge page over `items` already ordered by `seq` (asc or desc), cursor-paged on seq. */
function edgePage<T extends { seq: number }>(req: Request, items: T[], order: 'asc' | 'desc', toJson: (t: T) => unknown, defaultLimit: number) {
  const q = req.query as Record<string, string | undefined>;
  const limit = Math.min(Math.max(Number(q.limit ?? defaultLimit) || defaultLimit, 1), 100);
  let list = items;
  if (q.after) {
    const s = dec(q.after);
    list = list.filter((i) => (order === 'asc' ? i.seq > s : i.seq < s));
  } else if (q.before) {
    const s = dec(q.before);
    const earlier = list.filter((i) => (order === 'asc' ? i.seq < s : i.seq > s));
    list = earlier.slice(Math.max(0, earlier.length - limit));
  }
  const page = list.slice(0, limit);
  const more = list.length > page.length;
  const first = page[0];
  const last = page[page.length - 1];
  const base = `${req.protocol}://${req.get('host')}${req.baseUrl}${req.path}`;
  const link = (k: 'after' | 'before', c: string) => {
    const u = new URLSearchParams();
    for (const [key, val] of Object.entries(q)) if (val !== undefined && key !== 'after' && key !== 'before') u.set(key, String(val));
    u.set('limit', String(limit));
    u.set(k, c);
    return `${base}?${u.toString()}`;
  };
  return {
    data: page.map(toJson),
    ...(first && last
      ? {
          paging: {
            cursors: { before: enc(first.seq), after: enc(last.seq) },
            ...(more ? { next: link('after', enc(last.seq)) } : {}),
            ...(q.after || q.before ? { previous: link('before', enc(first.seq)) } : {}),
          },
        }
      : {}),
  };
}

/**
 * A time-paged edge over `items` newest first by `time(item)` (ms): `until` (unix s, inclusive) and a
 * `__paging_token` naming the last item returned select the next page. Shape from the Graph API
 * "Paginated Results" page, time-based pagination.
 */
function timePage<T extends { seq: number }>(req: Request, items: T[], time: (t: T) => number, toJson: (t: T) => unknown, defaultLimit: number) {
  const q = req.query as Record<string, string | undefined>;
  const limit = Math.min(Math.max(Number(q.limit ?? defaultLimit) || defaultLimit, 1), 100);
  const sec = (t: T) => Math.floor(time(t) / 1000);
  let list = items;
  if (q.__paging_token && q.until !== undefined) {
    const until = Number(q.until);
    const token = dec(q.__paging_token);
    list = list.filter((i) => sec(i) < until || (sec(i) === until && i.seq < token));
  }
  const page = list.slice(0, limit);
  const more = list.length > page.length;
  const first = page[0];
  const last = page[page.length - 1];
  const base = `${req.protocol}://${req.get('host')}${req.baseUrl}${req.path}`;
  const link = (extra: Record<string, string>) => {
    const u = new URLSearchParams();
    for (const [key, val] of Object.entries(q)) if (val !== undefined && !['until', '__paging_token', '__previous'].includes(key)) u.set(key, String(val));
    u.set('limit', String(limit));
    for (const [k, v] of Object.entries(extra)) u.set(k, v);
    return `${base}?${u.toString()}`;
  };
  return {
    data: page.map(toJson),
    ...(first && last
      ? {
          paging: {
            previous: link({ since: String(sec(first)), __paging_token: enc(first.seq), __previous: '1' }),
            ...(more ? { next: link({ until: String(sec(last)), __paging_token: enc(last.seq) }) } : {}),
          },
        }
      : {}),
  };
}

function objectParam(v: unknown): Record<string, unknown> | undefined {
  if (v && typeof v === 'object') return v as Record<string, unknown>;
  if (typeof v === 'string') {
    try {
      const o = JSON.parse(v) as unknown;
      if (o && typeof o === 'object') return o as Record<string, unknown>;
    } catch {
      /* fallthrough */
    }
  }
  return undefined;
}

export function createGraphApp(s: GraphStore, hooks: AppHooks, deliveries: Deliveries, opts: AppOptions = {}): express.Express {
  const app = express();
  const defaultLimit = opts.defaultLimit ?? 25;
  app.disable('x-powered-by');
  app.use(express.json({ limit: '1mb' }));
  app.use(express.urlencoded({ extended: true }));
  app.use('/_emulator', hooks.controls);

  const usage = (network: GraphNetwork) => {
    const now = Date.now();
    const calls = s.calls[network].filter((t) => now - t < WINDOW_MS);
    s.calls[network] = calls;
    const limit = opts.callsPerMinute || 1000;
    const pct = Math.min(100, Math.round((calls.length / limit) * 100));
    return { calls, pct, limit };
  };

  const usageHeaders = (network: GraphNetwork, pct: number, regainMinutes: number): Record<string, string> => {
    const objectId = network === 'facebook' ? s.page.id : s.ig.id;
    return {
      'x-app-usage': JSON.stringify({ call_count: pct, total_cputime: Math.round(pct / 2), total_time: Math.round(pct / 2) }),
      'x-business-use-case-usage': JSON.stringify({
        [objectId]: [
          {
            type: network === 'facebook' ? 'pages' : 'instagram',
            call_count: pct,
            total_cputime: Math.round(pct / 2),
            total_time: Math.round(pct / 2),
            estimated_time_to_regain_access: regainMinutes,
          },
        ],
      }),
    };
  };

  /** Token → network; expired / unknown tokens answer OAuthException 190 like the real API. */
  function authenticate(req: Request): GraphNetwork | 'app' {
    const auth = req.get('authorization');
    const token =
      (req.query.access_token as string | undefined) ??
      (typeof req.body?.access_token === 'string' ? (req.body.access_token as string) : undefined) ??
      (auth?.startsWith('Bearer ') ? auth.slice(7) : undefined);
    const www = { 'www-authenticate': 'OAuth "Facebook Platform" "invalid_token" "Error validating access token"' };
    if (!token) fail(400, 104, 'An access token is required to request this resource.', 'OAuthException', undefined, www);
    if (s.expiredTokens.has(token)) {
      fail(400, 190, `Error validating access token: Session has expired on ${new Date(Date.now() - 3600_000).toUTCString()}. The current time is ${new Date().toUTCString()}.`, 'OAuthException', 463, www);
    }
    if (token === s.pageToken) return 'facebook';
    if (token === s.igToken) return 'instagram';
    if (token === `${s.appId}|${s.appSecret}`) return 'app';
    return fail(400, 190, 'Invalid OAuth access token - Cannot parse access token', 'OAuthException', undefined, www);
  }

  function throttleCheck(network: GraphNetwork, req: Request, res: Response): void {
    const { calls, pct } = usage(network);
    const rule: ThrottleRule | undefined = s.throttles.find((r) => (r.network === 'any' || r.network === network) && r.remaining > 0);
    if (rule) {
      rule.remaining -= 1;
      if (rule.remaining <= 0) s.throttles.splice(s.throttles.indexOf(rule), 1);
      const headers = usageHeaders(network, 100, rule.minutes);
      if (rule.retryAfterSeconds !== undefined) headers['retry-after'] = String(rule.retryAfterSeconds);
      const message = throttleMessage(rule.code, network) + (rule.echoUrl ? ` (while fetching ${req.originalUrl})` : '');
      fail(rule.status, rule.code, message, 'OAuthException', rule.code === 80001 || rule.code === 80002 ? undefined : 2446079, headers);
    }
    if (opts.callsPerMinute && calls.length >= opts.callsPerMinute) {
      const oldest = calls[0] ?? Date.now();
      const minutes = Math.max(1, Math.ceil((oldest + WINDOW_MS - Date.now()) / 60_000));
      const code = network === 'facebook' ? 80001 : 80002;
      fail(400, code, throttleMessage(code, network), 'OAuthException', undefined, usageHeaders(network, 100, minutes));
    }
    calls.push(Date.now());
    for (const [k, v] of Object.entries(usageHeaders(network, pct, 0))) res.setHeader(k, v);
  }

  const commentsCount = (mediaId: string) => s.igComments.filter((c) => c.mediaId === mediaId && !c.parentId).length;

  function handleGet(req: Request, network: GraphNetwork | 'app', parts: string[]): unknown {
    const q = req.query as Record<string, string | undefined>;
    const [id, edge] = parts as [string, string | undefined];
    const since = timeParam(q.since);
    const until = timeParam(q.until);
    const inWindow = (ms: number) => (since === undefined || Math.floor(ms / 1000) >= since) && (until === undefined || Math.floor(ms / 1000) <= until);
    const pageId = id === 'me' && network === 'facebook' ? s.page.id : id === 'me' && network === 'instagram' ? s.ig.id : id;

    if (pageId === s.page.id) {
      if (!edge) return { id: s.page.id, name: s.page.name, username: s.page.username, fan_count: s.page.followers };
      if (edge === 'feed' || edge === 'visitor_posts' || edge === 'published_posts') {
        // `since`/`until` select on updated_time here: a post with new comments comes back.
        let posts = [...s.posts].sort((a, b) => b.seq - a.seq).filter((p) => inWindow(p.updated));
        if (edge === 'visitor_posts') posts = posts.filter((p) => p.from.id !== s.page.id);
        if (edge === 'published_posts') posts = posts.filter((p) => p.from.id === s.page.id);
        if (opts.feedPaging === 'time') return timePage(req, posts.sort((a, b) => b.updated - a.updated || b.seq - a.seq), (p) => p.updated, (p) => postJson(s, p), defaultLimit);
        return edgePage(req, posts, 'desc', (p) => postJson(s, p), defaultLimit);
      }
      if (edge === 'subscribed_apps') return { data: [{ id: s.appId, name: 'Inbox', subscribed_fields: ['feed', 'messages'] }] };
      return notFound(`${id}/${edge}`);
    }
    if (pageId === s.ig.id) {
      if (!edge) {
        // Field expansion for @mentions: `mentioned_comment.comment_id(ID){…}` / `mentioned_media.media_id(ID){…}`.
        const fields = q.fields ?? '';
        const mc = /mentioned_comment\.comment_id\(([^)]+)\)/.exec(fields);
        if (mc) {
          const c = s.igComments.find((x) => x.id === mc[1] && x.text.includes(`@${s.ig.username}`));
          if (!c) return notFound(mc[1]!);
          const m = s.media.find((x) => x.id === c.mediaId);
          return { mentioned_comment: { ...igCommentJson(c), ...(m ? { media: { id: m.id, permalink: mediaJson(s, m, 0).permalink } } : {}) }, id: s.ig.id };
        }
        const mm = /mentioned_media\.media_id\(([^)]+)\)/.exec(fields);
        if (mm) {
          const m = s.media.find((x) => x.id === mm[1] && x.owner !== 'self' && x.caption.includes(`@${s.ig.username}`));
          if (!m) return notFound(mm[1]!);
          return { mentioned_media: mediaJson(s, m, 0), id: s.ig.id };
        }
        return { id: s.ig.id, username: s.ig.username, name: s.ig.name, followers_count: s.ig.followers, media_count: s.ownMedia().length };
      }
      if (edge === 'media') {
        const media = s.ownMedia().sort((a, b) => b.seq - a.seq).filter((m) => inWindow(m.created));
        return edgePage(req, media, 'desc', (m) => mediaJson(s, m, commentsCount(m.id)), defaultLimit);
      }
      if (edge === 'tags') {
        const tagged = s.media.filter((m) => m.owner !== 'self' && m.tagged !== false).sort((a, b) => b.seq - a.seq);
        return edgePage(req, tagged, 'desc', (m) => mediaJson(s, m, 0), defaultLimit);
      }
      return notFound(`${id}/${edge}`);
    }
    const post = s.posts.find((p) => p.id === id);
    if (post) {
      if (!edge) return postJson(s, post);
      if (edge === 'comments') {
        const stream = q.filter === 'stream';
        const order = q.order === 'reverse_chronological' ? 'desc' : 'asc';
        let list = s.comments.filter((c) => c.postId === id && (stream || !c.parentId) && inWindow(c.created));
        list = list.sort((a, b) => (order === 'asc' ? a.seq - b.seq : b.seq - a.seq));
        return edgePage(req, list, order, (c) => commentJson(s, c, stream), defaultLimit);
      }
      return notFound(`${id}/${edge}`);
    }
    const comment = s.comments.find((c) => c.id === id);
    if (comment) {
      if (!edge) return commentJson(s, comment, true);
      if (edge === 'comments') {
        const list = s.comments.filter((c) => c.parentId === id && inWindow(c.created)).sort((a, b) => a.seq - b.seq);
        return edgePage(req, list, 'asc', (c) => commentJson(s, c, true), defaultLimit);
      }
      return notFound(`${id}/${edge}`);
    }
    const media = s.media.find((m) => m.id === id);
    if (media) {
      if (!edge) return mediaJson(s, media, commentsCount(media.id));
      if (edge === 'comments') {
        // newest first, top-level only (replies are under /{ig-comment-id}/replies)
        const list = s.igComments.filter((c) => c.mediaId === id && !c.parentId).sort((a, b) => b.seq - a.seq);
        return edgePage(req, list, 'desc', igCommentJson, defaultLimit);
      }
      return notFound(`${id}/${edge}`);
    }
    const igc = s.igComments.find((c) => c.id === id);
    if (igc) {
      if (!edge) return igCommentJson(igc);
      if (edge === 'replies') {
        const list = s.igComments.filter((c) => c.parentId === id).sort((a, b) => a.seq - b.seq);
        return edgePage(req, list, 'asc', igCommentJson, defaultLimit);
      }
    }
    if (id === s.appId && edge === 'subscriptions') return { data: deliveries.list() };
    return notFound(edge ? `${id}/${edge}` : id);
  }

  async function handlePost(req: Request, network: GraphNetwork | 'app', parts: string[]): Promise<unknown> {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const [rawId, edge] = parts as [string, string | undefined];
    const id = rawId === 'me' ? (network === 'instagram' ? s.ig.id : s.page.id) : rawId;
    const message = typeof body.message === 'string' ? body.message : undefined;

    if (id === s.appId && edge === 'subscriptions') {
      if (network !== 'app') fail(400, 190, 'This method must be called with an app access_token.');
      const object = String(body.object ?? '');
      if (object !== 'page' && object !== 'instagram') fail(400, 100, '(#100) Param object must be one of {page, instagram}');
      const callback = String(body.callback_url ?? '');
      const verify = String(body.verify_token ?? '');
      const ok = await deliveries.subscribe(object, callback, verify);
      if (!ok) fail(400, 2200, '(#2200) callback verification failed: the callback URL did not echo hub.challenge', 'OAuthException');
      return { success: true };
    }
    if (id === s.page.id && edge === 'subscribed_apps') return { success: true };

    // Messenger Send API: POST /{page-id}/messages or /me/messages
    if (id === s.page.id && edge === 'messages') {
      const recipient = objectParam(body.recipient);
      const msg = objectParam(body.message);
      if (!recipient?.id || typeof msg?.text !== 'string' || msg.text === '') fail(400, 100, '(#100) param recipient and message[text] are required');
      const userId = String(recipient.id);
      const inbound = s.dms.filter((d) => d.network === 'facebook' && d.userId === userId && d.inbound);
      if (inbound.length === 0) fail(400, 100, '(#100) No matching user found', 'OAuthException', 2018001);
      const sent = s.addDm('facebook', userId, msg.text as string, false);
      s.replies.facebook.push({ inReplyTo: inbound[inbound.length - 1]!.mid, text: sent.text, externalId: sent.mid });
      hooks.onBrandMessage('facebook', sent.mid);
      return { recipient_id: userId, message_id: sent.mid };
    }
    // Instagram messaging: POST /{ig-user-id}/messages or /me/messages with the IG token
    if (id === s.ig.id && edge === 'messages') {
      const recipient = objectParam(body.recipient);
      const msg = objectParam(body.message);
      if (!recipient?.id || typeof msg?.text !== 'string' || msg.text === '') fail(400, 100, '(#100) param recipient and message[text] are required');
      const userId = String(recipient.id);
      const inbound = s.dms.filter((d) => d.network === 'instagram' && d.userId === userId && d.inbound);
      if (inbound.length === 0) fail(400, 100, '(#100) No matching user found', 'OAuthException', 2534014);
      const sent = s.addDm('instagram', userId, msg.text as string, false);
      s.replies.instagram.push({ inReplyTo: inbound[inbound.length - 1]!.mid, text: sent.text, externalId: sent.mid });
      hooks.onBrandMessage('instagram', sent.mid);
      return { recipient_id: userId, message_id: sent.mid };
    }
    // Reply to a caption/comment @mention: POST /{ig-user-id}/mentions?media_id=&comment_id=&message=
    if (id === s.ig.id && edge === 'mentions') {
      const mediaId = String(body.media_id ?? req.query.media_id ?? '');
      const commentId = body.comment_id ?? req.query.comment_id;
      const text = message ?? (req.query.message as string | undefined);
      const m = s.media.find((x) => x.id === mediaId);
      if (!m || !text) fail(400, 100, '(#100) media_id and message are required');
      const c = s.addIgComment(m.id, s.ig, text, commentId ? String(commentId) : undefined);
      s.replies.instagram.push({ inReplyTo: commentId ? String(commentId) : m.id, text, externalId: c.id });
      hooks.onBrandComment('instagram', c.id);
      return { id: c.id };
    }
    // Facebook comment on a post or reply to a comment
    if (edge === 'comments') {
      if (!message) fail(400, 100, '(#100) Missing message or attachment');
      const post = s.posts.find((p) => p.id === id);
      const parent = s.comments.find((c) => c.id === id);
      if (post || parent) {
        if (network !== 'facebook') fail(400, 200, '(#200) Permissions error', 'OAuthException');
        const c = post ? s.addComment(post.id, s.page, message) : s.addComment(parent!.postId, s.page, message, parent!.id);
        if (post?.from.id !== s.page.id) s.replies.facebook.push({ inReplyTo: id, text: message, externalId: c.id });
        hooks.onBrandComment('facebook', c.id);
        return { id: c.id };
      }
      const media = s.media.find((m) => m.id === id && m.owner === 'self');
      if (media) {
        const c = s.addIgComment(media.id, s.ig, message);
        hooks.onBrandComment('instagram', c.id);
        return { id: c.id };
      }
      return notFound(id, 'post');
    }
    // Instagram reply to a comment: POST /{ig-comment-id}/replies
    if (edge === 'replies') {
      const parent = s.igComments.find((c) => c.id === id);
      if (!parent) return notFound(id, 'post');
      if (!message) fail(400, 100, '(#100) The parameter message is required');
      const c = s.addIgComment(parent.mediaId, s.ig, message, parent.parentId ?? parent.id);
      s.replies.instagram.push({ inReplyTo: id, text: message, externalId: c.id });
      hooks.onBrandComment('instagram', c.id);
      return { id: c.id };
    }
    return notFound(edge ? `${id}/${edge}` : id, 'post');
  }

  const graph = async (req: Request, res: Response) => {
    try {
      const parts = req.path.split('/').filter(Boolean).map(decodeURIComponent);
      const version = parts.shift();
      if (!version || !VERSION_RE.test(version)) fail(400, 2635, `Unknown or missing API version "${version ?? ''}"`, 'OAuthException');
      if (parts.length === 0 || parts.length > 2) return notFound(parts.join('/') || '/');
      const network = authenticate(req);
      if (network !== 'app') throttleCheck(network, req, res);
      const out = req.method === 'GET' ? handleGet(req, network, parts) : req.method === 'POST' ? await handlePost(req, network, parts) : notFound(parts.join('/'), req.method.toLowerCase());
      res.setHeader('facebook-api-version', version);
      res.setHeader('x-fb-trace-id', trace());
      res.json(out);
    } catch (e) {
      if (e instanceof GraphFailure) {
        for (const [k, v] of Object.entries(e.headers)) res.setHeader(k, v);
        res.setHeader('x-fb-trace-id', String(e.body.fbtrace_id));
        res.status(e.status).json({ error: e.body });
        return;
      }
      res.status(500).json({ error: { message: 'An unknown error has occurred.', type: 'OAuthException', code: 1, fbtrace_id: trace() } });
    }
  };
  app.use((req, res, next) => {
    if (req.path.startsWith('/_emulator')) return next();
    void graph(req, res);
  });
  return app;
}

function throttleMessage(code: number, network: GraphNetwork): string {
  switch (code) {
    case 4:
      return '(#4) Application request limit reached';
    case 17:
      return '(#17) User request limit reached';
    case 32:
      return '(#32) Page request limit reached';
    case 613:
      return '(#613) Calls to this api have exceeded the rate limit.';
    case 80002:
      return '(#80002) There have been too many calls to this Instagram account. Wait a bit and try again. For more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting.';
    case 80006:
      return '(#80006) There have been too many messenger api calls to this Page account. Wait a bit and try again.';
    default:
      return `(#${code}) There have been too many calls${network === 'facebook' ? ' to this Page account' : ''}. Wait a bit and try again. For more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting.`;
  }
}
