import { z } from 'zod';
import { ConnectorError, type Connector, type ConnectorContext, type IncomingMention, type WebhookRequest } from '../core/index.ts';
import { MessagingEventSchema, messagingMention } from '../graph/messaging.ts';
import { metaEntries, readPart } from '../graph/envelope.ts';
import { graphId } from '../graph/ids.ts';
import {
  GraphClient,
  graphTimeToIso,
  graphTimeToSeconds,
  nextAfter,
  pageQuery,
  scanPoll,
  validate,
  verifyMetaWebhook,
  type ScanItem,
  type ScanPage,
  type ScanTask,
} from '../graph/index.ts';
import {
  CommentPageSchema,
  CreatedSchema,
  FeedChangeValueSchema,
  FeedPageSchema,
  PageSchema,
  SendResultSchema,
  type Comment,
  type FeedChangeValue,
  type FeedPost,
} from './wire.ts';

/** What an admin enters to connect a Facebook Page (Page posts, comments, visitor posts, Messenger). */
export const FacebookCredentials = z.object({
  pageId: z.string().regex(/^\d+$/, 'numeric Page id'),
  /** Page access token with pages_read_engagement, pages_manage_engagement, pages_messaging. */
  pageAccessToken: z.string().min(10),
  /** App secret: keys the X-Hub-Signature-256 of webhook deliveries. */
  appSecret: z.string().min(8),
  /** The verify token entered in the app's webhook settings (hub.verify_token). */
  verifyToken: z.string().min(4),
});
export type FacebookCredentials = z.infer<typeof FacebookCredentials>;
type Ctx = ConnectorContext<FacebookCredentials>;

const FEED_PAGE_SIZE = 25;
const COMMENT_PAGE_SIZE = 50;
const POST_FIELDS = 'id,message,from,created_time,updated_time,permalink_url';
const COMMENT_FIELDS = 'id,message,from,created_time,permalink_url,parent{id}';
/** Feed `item` types that are posts (as opposed to comments, reactions, …). */
const POST_ITEMS = new Set(['post', 'status', 'photo', 'video', 'share', 'link']);

const client = (ctx: Ctx) => new GraphClient('facebook', ctx.credentials.pageAccessToken, ctx.endpoints.graph);

const fbUrl = (id: string) => `https://www.facebook.com/${id}`;

function commentMention(postId: string, c: { id: string; from: { id: string; name?: string | undefined } | undefined; message: string | undefined; created: string | number; parentId: string | undefined; url: string | undefined }): IncomingMention {
  const authorId = c.from?.id ?? 'unknown';
  return {
    network: 'facebook',
    externalId: c.id,
    threadKey: postId,
    kind: 'comment',
    visibility: 'public',
    author: { id: authorId, ...(c.from?.name ? { name: c.from.name } : {}) },
    text: c.message ?? '',
    url: c.url ?? fbUrl(c.id),
    createdAt: graphTimeToIso(c.created),
    inReplyTo: c.parentId ?? postId,
    replyTarget: { kind: 'comment', externalId: c.id, threadKey: postId, authorId },
  };
}

function postMention(p: { id: string; from: { id: string; name?: string | undefined } | undefined; message: string | undefined; created: string | number; url: string | undefined }): IncomingMention {
  const authorId = p.from?.id ?? 'unknown';
  return {
    network: 'facebook',
    externalId: p.id,
    threadKey: p.id,
    kind: 'post',
    visibility: 'public',
    author: { id: authorId, ...(p.from?.name ? { name: p.from.name } : {}) },
    text: p.message ?? '',
    url: p.url ?? fbUrl(p.id),
    createdAt: graphTimeToIso(p.created),
    replyTarget: { kind: 'post', externalId: p.id, threadKey: p.id, authorId },
  };
}

/**
 * A new customer message from a `feed` (or `mention`) change, or null for what is not one: edits,
 * removals, reactions, and the Page's own posts and replies. The author is `from` or, in the older
 * shape, `sender_id`/`sender_name`; without either it is kept as `unknown` (a customer message must
 * not be lost for a missing name). `created_time` falls back to the entry's `time`.
 */
function feedChangeMention(pageId: string, field: string, v: FeedChangeValue, entryTime: number | undefined): IncomingMention | null | string {
  if (v.verb !== 'add') return null;
  const authorId = graphId(v.from?.id) ?? graphId(v.sender_id);
  if (authorId === pageId) return null; // the Page's own posts and replies
  const name = v.from?.name ?? v.sender_name;
  const from = authorId || name ? { id: authorId ?? 'unknown', ...(name ? { name } : {}) } : undefined;
  const created = v.created_time ?? entryTime;
  if (created === undefined) return 'neither value.created_time nor entry.time';
  if (v.item === 'comment' || v.item === 'reply') {
    if (!v.comment_id || !v.post_id) return 'comment without comment_id/post_id';
    const m = commentMention(v.post_id, { id: v.comment_id, from, message: v.message, created, parentId: v.parent_id, url: v.permalink_url });
    return field === 'mention' ? { ...m, kind: 'mention' } : m;
  }
  if (POST_ITEMS.has(v.item)) {
    if (!v.post_id) return 'post without post_id';
    const m = postMention({ id: v.post_id, from, message: v.message, created, url: v.post?.permalink_url ?? v.permalink_url });
    return field === 'mention' ? { ...m, kind: 'mention' } : m;
  }
  return null; // reactions, likes, events, …
}

async function runTask(ctx: Ctx, task: ScanTask, since: number): Promise<ScanPage> {
  const pageId = ctx.credentials.pageId;
  const api = client(ctx);
  if (task.edge === 'feed') {
    const res = await api.get([task.id, 'feed'], {
      fields: POST_FIELDS,
      limit: FEED_PAGE_SIZE,
      since,
      ...pageQuery(task.after),
    });
    const page = validate(FeedPageSchema, res.body, 'facebook feed page');
    const items: ScanItem[] = [];
    const spawn: ScanTask[] = [];
    for (const p of page.data) {
      if (p.from && p.from.id !== pageId) items.push(visitorPostItem(p));
      const touched = graphTimeToSeconds(p.updated_time ?? p.created_time);
      if (touched >= since) spawn.push({ edge: 'comments', id: p.id });
    }
    return { items, after: nextAfter(page), spawn, date: res.headers.date };
  }
  if (task.edge === 'comments') {
    let res;
    try {
      res = await api.get([task.id, 'comments'], {
        fields: COMMENT_FIELDS,
        filter: 'stream',
        order: 'chronological',
        limit: COMMENT_PAGE_SIZE,
        since,
        ...pageQuery(task.after),
      });
    } catch (e) {
      // A post deleted while the cycle ran: nothing left to read there.
      if (e instanceof ConnectorError && e.code === 'invalid' && /\(#100/.test(e.message)) return { items: [], after: null };
      throw e;
    }
    const page = validate(CommentPageSchema, res.body, 'facebook comments page');
    const items = page.data.filter((c) => c.from?.id !== pageId).map((c) => commentItem(task.id, c));
    return { items, after: nextAfter(page), date: res.headers.date };
  }
  throw new ConnectorError('invalid', `facebook: unknown scan edge "${task.edge}" in cursor`);
}

function visitorPostItem(p: FeedPost): ScanItem {
  return {
    id: p.id,
    created: graphTimeToSeconds(p.created_time),
    mention: postMention({ id: p.id, from: p.from, message: p.message, created: p.created_time, url: p.permalink_url }),
  };
}

function commentItem(postId: string, c: Comment): ScanItem {
  return {
    id: c.id,
    created: graphTimeToSeconds(c.created_time),
    mention: commentMention(postId, { id: c.id, from: c.from, message: c.message, created: c.created_time, parentId: c.parent?.id, url: c.permalink_url }),
  };
}

/** Fields of `object: "page"` deliveries read here; every other field is ignored, change by change. */
const FEED_FIELDS = new Set(['feed', 'mention']);

function parseWebhook(ctx: Ctx, req: WebhookRequest): IncomingMention[] {
  const pageId = ctx.credentials.pageId;
  const out: IncomingMention[] = [];
  for (const entry of metaEntries(req, 'page', 'facebook webhook')) {
    if (entry.id !== pageId) continue; // another Page of the same app
    for (const change of entry.changes) {
      if (!FEED_FIELDS.has(change.field)) continue;
      const where = `facebook ${change.field} change [${change.index}]`;
      const v = readPart(FeedChangeValueSchema, change.value, where, req);
      if (!v) continue;
      const m = feedChangeMention(pageId, change.field, v, entry.time);
      if (typeof m === 'string') req.report?.(`${where}: ${m}; skipped`);
      else if (m) out.push(m);
    }
    entry.messaging.forEach((raw, i) => {
      const ev = readPart(MessagingEventSchema, raw, `facebook messaging[${i}]`, req);
      const m = ev && messagingMention('facebook', pageId, 'messenger', ev);
      if (m) out.push(m);
    });
  }
  return out;
}

/**
 * Facebook Pages + Messenger through `facebook-nodejs-business-sdk`.
 * - poll: the Page feed (visitor posts) and the comments of every post updated since the last cycle;
 * - webhooks: `object: "page"` deliveries, `feed` changes (comments, visitor posts) and `messaging`
 *   (Messenger messages); `hub.challenge` subscription check; `X-Hub-Signature-256` with the app secret;
 * - reply: a comment under the comment/post, or a Send API message (`messaging_type: RESPONSE`).
 * Endpoint: `ctx.endpoints.graph` (default https://graph.facebook.com).
 */
export const facebookConnector: Connector<typeof FacebookCredentials> = {
  network: 'facebook',
  displayName: 'Facebook Page',
  credentials: FacebookCredentials,
  pollIntervalMs: 60_000,

  async check(ctx) {
    const res = await client(ctx).get([ctx.credentials.pageId], { fields: 'id,name,username' });
    const page = validate(PageSchema, res.body, 'facebook page');
    if (page.id !== ctx.credentials.pageId) throw new ConnectorError('auth', `facebook: token belongs to Page ${page.id}, not ${ctx.credentials.pageId}`);
    return { id: page.id, ...(page.username ? { handle: page.username } : {}), ...(page.name ? { name: page.name } : {}) };
  },

  poll(ctx, cursor) {
    return scanPoll(cursor, {
      network: 'facebook',
      initialTasks: () => [{ edge: 'feed', id: ctx.credentials.pageId }],
      runTask: (task, since) => runTask(ctx, task, since),
    });
  },

  webhook: {
    verify: (ctx, req) => verifyMetaWebhook(req, ctx.credentials.appSecret, ctx.credentials.verifyToken),
    parse: async (ctx, req) => parseWebhook(ctx, req),
  },

  async reply(ctx, target, text, idempotencyKey) {
    const api = client(ctx);
    if (target.kind === 'dm') {
      const res = await api.post([ctx.credentials.pageId, 'messages'], {
        recipient: { id: target.authorId },
        messaging_type: 'RESPONSE',
        // metadata comes back in the message_echoes webhook: ties the echo to this reply.
        message: { text, metadata: idempotencyKey },
      });
      return { externalId: validate(SendResultSchema, res.body, 'facebook Send API response').message_id };
    }
    if (target.kind === 'comment' || target.kind === 'post') {
      const res = await api.post([target.externalId, 'comments'], { message: text });
      return { externalId: validate(CreatedSchema, res.body, 'facebook comment response').id };
    }
    throw new ConnectorError('invalid', `facebook cannot reply to a ${target.kind}`);
  },
};
