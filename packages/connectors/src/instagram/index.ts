import { z } from 'zod';
import { ConnectorError, type Connector, type ConnectorContext, type IncomingMention, type WebhookRequest } from '../core/index.ts';
import { messagingMention } from '../graph/messaging.ts';
import {
  GraphClient,
  graphTimeToIso,
  graphTimeToSeconds,
  nextAfter,
  parseJson,
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
  IgWebhookSchema,
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
  const after = task.after ? { after: task.after } : {};
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

function parseWebhook(ctx: Ctx, req: WebhookRequest): IncomingMention[] {
  const body = parseJson(IgWebhookSchema, req.rawBody, 'instagram webhook');
  const igUserId = ctx.credentials.igUserId;
  const out: IncomingMention[] = [];
  for (const entry of body.entry) {
    if (entry.id !== igUserId) continue; // another account of the same app
    for (const change of entry.changes ?? []) {
      if (change.field === 'comments' || change.field === 'live_comments') {
        const v = validate(IgCommentChangeSchema, change.value, `instagram ${change.field} change`);
        if (v.from.id === igUserId) continue; // the account's own replies
        out.push(commentMention({ id: v.id, mediaId: v.media.id, text: v.text, from: v.from, username: v.from.username, parentId: v.parent_id, created: entry.time }));
      }
      // `mentions` carries only {media_id, comment_id}; the text needs a Graph call, which parse() cannot
      // make. Tagged media reach Inbox through poll (`/tags`).
    }
    for (const ev of entry.messaging ?? []) {
      const m = messagingMention('instagram', igUserId, 'ig-dm', ev);
      if (m) out.push(m);
    }
  }
  return out;
}

/**
 * Instagram (professional account, Instagram Graph API through `facebook-nodejs-business-sdk`).
 * - poll: comments on the account's media (all media pages, then each media's comments) and media the
 *   account is tagged in (`/tags`, as mentions);
 * - webhooks: `object: "instagram"`, `comments`/`live_comments` changes and `messaging` (DMs);
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
