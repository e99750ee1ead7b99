import { z } from 'zod';
import { ConnectorError, type Connector, type ConnectorContext, type IncomingMention, type WebhookRequest } from '../core/index.ts';
import { MessagingEventSchema, messagingMention } from '../graph/messaging.ts';
import { metaEntries, readPart } from '../graph/envelope.ts';
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
  CreatedSchema,
  IgCommentChangeSchema,
  IgCommentPageSchema,
  IgMediaPageSchema,
  IgTaggedPageSchema,
  IgUserSchema,
  IgCommentNodeSchema,
  IgMentionChangeSchema,
  IgMentionedCommentSchema,
  IgMentionedMediaSchema,
  SendResultSchema,
  type IgComment,
  type IgTaggedMedia,
} from './wire.ts';

/** What an admin enters to connect an Instagram professional account (through its Facebook Page). */
export const InstagramCredentials = z.object({
  /** The Instagram professional account id (IG User id). */
  igUserId: z.string().regex(/^\d+$/, 'numeric Instagram account id'),
  /** Token with instagram_basic, instagram_manage_comments, instagram_manage_messages. */
  accessToken: z.string().min(10),
  appSecret: z.string().min(8),
  verifyToken: z.string().min(4),
});
export type InstagramCredentials = z.infer<typeof InstagramCredentials>;
type Ctx = ConnectorContext<InstagramCredentials>;

const MEDIA_PAGE_SIZE = 25;
const COMMENT_PAGE_SIZE = 50;

const client = (ctx: Ctx) => new GraphClient('instagram', ctx.credentials.accessToken, ctx.endpoints.graph);

interface CommentLike {
  id: string;
  mediaId: string;
  text: string | undefined;
  from: { id: string; username?: string | undefined } | undefined;
  username: string | undefined;
  parentId: string | undefined;
  created: string | number;
}

function commentMention(c: CommentLike): IncomingMention {
  const authorId = c.from?.id ?? c.username ?? 'unknown';
  const handle = c.from?.username ?? c.username;
  return {
    network: 'instagram',
    externalId: c.id,
    threadKey: c.mediaId,
    kind: 'comment',
    visibility: 'public',
    author: { id: authorId, ...(handle ? { handle } : {}) },
    text: c.text ?? '',
    createdAt: graphTimeToIso(c.created),
    inReplyTo: c.parentId ?? c.mediaId,
    replyTarget: { kind: 'comment', externalId: c.id, threadKey: c.mediaId, authorId },
  };
}

function taggedMention(m: IgTaggedMedia): IncomingMention {
  const authorId = m.username ?? 'unknown';
  return {
    network: 'instagram',
    externalId: m.id,
    threadKey: m.id,
    kind: 'mention',
    visibility: 'public',
    author: { id: authorId, ...(m.username ? { handle: m.username } : {}) },
    text: m.caption ?? '',
    ...(m.permalink ? { url: m.permalink } : {}),
    createdAt: graphTimeToIso(m.timestamp),
    replyTarget: { kind: 'mention', externalId: m.id, threadKey: m.id, authorId, meta: { mediaId: m.id } },
  };
}

const isOwn = (igUserId: string, c: IgComment) => c.from?.id === igUserId;

function commentItem(mediaId: string, c: IgComment): ScanItem {
  return {
    id: c.id,
    created: graphTimeToSeconds(c.timestamp),
    mention: commentMention({ id: c.id, mediaId, text: c.text, from: c.from, username: c.username, parentId: c.parent_id, created: c.timestamp }),
  };
}

async function runTask(ctx: Ctx, task: ScanTask): Promise<ScanPage> {
  const igUserId = ctx.credentials.igUserId;
  const api = client(ctx);
  const after = pageQuery(task.after);
  switch (task.edge) {
    case 'media': {
      const res = await api.get([task.id, 'media'], { fields: 'id,caption,timestamp,permalink,comments_count', limit: MEDIA_PAGE_SIZE, ...after });
      const page = validate(IgMediaPageSchema, res.body, 'instagram media page');
      const spawn = page.data.filter((m) => m.comments_count === undefined || m.comments_count > 0).map((m) => ({ edge: 'comments', id: m.id }));
      return { items: [], after: nextAfter(page), spawn, date: res.headers.date };
    }
    case 'comments': {
      let res;
      try {
        res = await api.get([task.id, 'comments'], { fields: 'id,text,timestamp,username,from,parent_id', limit: COMMENT_PAGE_SIZE, ...after });
      } catch (e) {
        if (e instanceof ConnectorError && e.code === 'invalid' && /\(#100/.test(e.message)) return { items: [], after: null };
        throw e;
      }
      const page = validate(IgCommentPageSchema, res.body, 'instagram comments page');
      return { items: page.data.filter((c) => !isOwn(igUserId, c)).map((c) => commentItem(task.id, c)), after: nextAfter(page), date: res.headers.date };
    }
    case 'tags': {
      const res = await api.get([task.id, 'tags'], { fields: 'id,caption,timestamp,username,permalink', limit: MEDIA_PAGE_SIZE, ...after });
      const page = validate(IgTaggedPageSchema, res.body, 'instagram tags page');
      const items = page.data.map((m) => ({ id: m.id, created: graphTimeToSeconds(m.timestamp), mention: taggedMention(m) }));
      return { items, after: nextAfter(page), date: res.headers.date };
    }
    default:
      throw new ConnectorError('invalid', `instagram: unknown scan edge "${task.edge}" in cursor`);
  }
}

const COMMENT_NODE_FIELDS = 'id,text,timestamp,username,from,media{id},parent_id';

/** Graph answered "no such object / not allowed" (#100, #10): the item is gone or private. */
const isGone = (e: unknown) => e instanceof ConnectorError && e.code === 'invalid';

/**
 * A `comments` change. When `from` or `media` is missing, the comment is read from Graph; if that read
 * fails the comment is still kept with what the delivery had (its own id as the thread, author unknown).
 */
async function commentChange(ctx: Ctx, v: z.infer<typeof IgCommentChangeSchema>, entryTime: number | undefined): Promise<IncomingMention | null> {
  const igUserId = ctx.credentials.igUserId;
  let from = v.from;
  let mediaId = v.media?.id;
  let text = v.text;
  let parentId = v.parent_id;
  let created: string | number = entryTime ?? Math.floor(Date.now() / 1000);
  if (!from || !mediaId) {
    try {
      const res = await client(ctx).get([v.id], { fields: COMMENT_NODE_FIELDS });
      const node = validate(IgCommentNodeSchema, res.body, 'instagram comment');
      from ??= node.from ?? (node.username ? { id: node.username, username: node.username } : undefined);
      mediaId ??= node.media?.id;
      text ??= node.text;
      parentId ??= node.parent_id;
      created = node.timestamp;
    } catch (e) {
      if (!(e instanceof ConnectorError)) throw e;
      // keep the comment with what the delivery carried
    }
  }
  if (from?.id === igUserId) return null; // the account's own replies
  return commentMention({ id: v.id, mediaId: mediaId ?? v.id, text, from, username: from?.username, parentId, created });
}

/**
 * A `mentions` change carries only ids: the comment (or caption) that @mentions the account is read
 * with `GET /{ig-user-id}?fields=mentioned_comment.comment_id(…)` (or `mentioned_media.media_id(…)`),
 * as Meta documents. A mention that is gone or private is skipped; a failed call (rate limit, outage)
 * throws, so the delivery is refused and Meta delivers it again.
 */
async function mentionChange(ctx: Ctx, v: z.infer<typeof IgMentionChangeSchema>, entryTime: number | undefined, req: WebhookRequest, where: string): Promise<IncomingMention | null> {
  const igUserId = ctx.credentials.igUserId;
  const api = client(ctx);
  try {
    if (v.comment_id) {
      const res = await api.get([igUserId], { fields: `mentioned_comment.comment_id(${v.comment_id}){id,text,timestamp,username,from,media{id,permalink}}` });
      const c = validate(IgMentionedCommentSchema, res.body, 'instagram mentioned_comment').mentioned_comment;
      const authorId = c.from?.id ?? c.username ?? 'unknown';
      if (authorId === igUserId) return null;
      const handle = c.from?.username ?? c.username;
      const commentId = c.id;
      return {
        network: 'instagram',
        externalId: commentId,
        threadKey: v.media_id,
        kind: 'mention',
        visibility: 'public',
        author: { id: authorId, ...(handle ? { handle } : {}) },
        text: c.text ?? '',
        ...(c.media?.permalink ? { url: c.media.permalink } : {}),
        createdAt: graphTimeToIso(c.timestamp ?? entryTime ?? Math.floor(Date.now() / 1000)),
        inReplyTo: v.media_id,
        replyTarget: { kind: 'mention', externalId: commentId, threadKey: v.media_id, authorId, meta: { mediaId: v.media_id, commentId } },
      };
    }
    const res = await api.get([igUserId], { fields: `mentioned_media.media_id(${v.media_id}){id,caption,timestamp,username,permalink}` });
    return taggedMention(validate(IgMentionedMediaSchema, res.body, 'instagram mentioned_media').mentioned_media);
  } catch (e) {
    if (!isGone(e)) throw e;
    req.report?.(`${where}: the mentioned ${v.comment_id ? 'comment' : 'media'} cannot be read (${(e as Error).message.slice(0, 120)}); skipped`);
    return null;
  }
}

async function parseWebhook(ctx: Ctx, req: WebhookRequest): Promise<IncomingMention[]> {
  const igUserId = ctx.credentials.igUserId;
  const out: IncomingMention[] = [];
  for (const entry of metaEntries(req, 'instagram', 'instagram webhook')) {
    if (entry.id !== igUserId) continue; // another account of the same app
    for (const change of entry.changes) {
      const where = `instagram ${change.field} change [${change.index}]`;
      if (change.field === 'comments' || change.field === 'live_comments') {
        const v = readPart(IgCommentChangeSchema, change.value, where, req);
        const m = v && (await commentChange(ctx, v, entry.time));
        if (m) out.push(m);
      } else if (change.field === 'mentions') {
        const v = readPart(IgMentionChangeSchema, change.value, where, req);
        const m = v && (await mentionChange(ctx, v, entry.time, req, where));
        if (m) out.push(m);
      }
      // other fields (story_insights, message_reactions, …) are not messages
    }
    entry.messaging.forEach((raw, i) => {
      const ev = readPart(MessagingEventSchema, raw, `instagram messaging[${i}]`, req);
      const m = ev && messagingMention('instagram', igUserId, 'ig-dm', ev);
      if (m) out.push(m);
    });
  }
  return out;
}

/**
 * Instagram (professional account, Instagram Graph API through `facebook-nodejs-business-sdk`).
 * - poll: comments on the account's media (all media pages, then each media's comments) and media the
 *   account is tagged in (`/tags`, as mentions);
 * - webhooks: `object: "instagram"`, `comments`/`live_comments` changes, `mentions` (comment and caption
 *   @mentions, read from Graph by id) and `messaging` (DMs);
 * - reply: `/{ig-comment-id}/replies`, `/{ig-user-id}/messages` (DM), `/{ig-user-id}/mentions`.
 * Endpoint: `ctx.endpoints.graph` (default https://graph.facebook.com).
 */
export const instagramConnector: Connector<typeof InstagramCredentials> = {
  network: 'instagram',
  displayName: 'Instagram',
  credentials: InstagramCredentials,
  pollIntervalMs: 60_000,

  async check(ctx) {
    const res = await client(ctx).get([ctx.credentials.igUserId], { fields: 'id,username,name' });
    const me = validate(IgUserSchema, res.body, 'instagram account');
    return { id: me.id, ...(me.username ? { handle: me.username } : {}), ...(me.name ? { name: me.name } : {}) };
  },

  poll(ctx, cursor) {
    const id = ctx.credentials.igUserId;
    return scanPoll(cursor, {
      network: 'instagram',
      initialTasks: () => [
        { edge: 'tags', id },
        { edge: 'media', id },
      ],
      runTask: (task) => runTask(ctx, task),
    });
  },

  webhook: {
    verify: (ctx, req) => verifyMetaWebhook(req, ctx.credentials.appSecret, ctx.credentials.verifyToken),
    parse: parseWebhook,
  },

  async reply(ctx, target, text) {
    const api = client(ctx);
    const igUserId = ctx.credentials.igUserId;
    switch (target.kind) {
      case 'comment': {
        const res = await api.post([target.externalId, 'replies'], { message: text });
        return { externalId: validate(CreatedSchema, res.body, 'instagram reply response').id };
      }
      case 'dm': {
        const res = await api.post([igUserId, 'messages'], { recipient: { id: target.authorId }, message: { text } });
        return { externalId: validate(SendResultSchema, res.body, 'instagram send response').message_id };
      }
      case 'mention': {
        const mediaId = target.meta?.mediaId ?? target.externalId;
        const commentId = target.meta?.commentId;
        const res = await api.post([igUserId, 'mentions'], { media_id: mediaId, ...(commentId ? { comment_id: commentId } : {}), message: text });
        return { externalId: validate(CreatedSchema, res.body, 'instagram mention reply response').id };
      }
      default:
        throw new ConnectorError('invalid', `instagram cannot reply to a ${target.kind}`);
    }
  },
};
