// Graph API JSON shapes and webhook payloads, as Meta sends them.
import type { DirectMessage, FbComment, FbPost, GraphStore, IgComment, IgMedia } from './store.ts';
import { graphTime } from './store.ts';

const sec = (ms: number) => Math.floor(ms / 1000);

export function postJson(s: GraphStore, p: FbPost) {
  return {
    id: p.id,
    message: p.message,
    from: { id: p.from.id, name: p.from.name },
    created_time: graphTime(p.created),
    updated_time: graphTime(p.updated),
    permalink_url: `https://www.facebook.com/${s.page.id}/posts/${p.id.split('_')[1]}`,
  };
}

export function commentJson(_s: GraphStore, c: FbComment, withParent: boolean) {
  return {
    id: c.id,
    message: c.message,
    from: { id: c.from.id, name: c.from.name },
    created_time: graphTime(c.created),
    permalink_url: `https://www.facebook.com/${c.postId}?comment_id=${c.id.split('_')[1]}`,
    ...(withParent && c.parentId ? { parent: { id: c.parentId, created_time: graphTime(c.created) } } : {}),
  };
}

export function mediaJson(s: GraphStore, m: IgMedia, commentsCount: number) {
  return {
    id: m.id,
    caption: m.caption,
    media_type: 'IMAGE',
    media_product_type: 'FEED',
    timestamp: graphTime(m.created),
    permalink: `https://www.instagram.com/p/${Buffer.from(m.id).toString('base64url').slice(0, 11)}/`,
    username: m.owner === 'self' ? s.ig.username : m.owner.username,
    ...(m.owner === 'self' ? { comments_count: commentsCount } : {}),
  };
}

export function igCommentJson(c: IgComment) {
  return {
    id: c.id,
    text: c.text,
    timestamp: graphTime(c.created),
    username: c.from.username,
    from: { id: c.from.id, username: c.from.username },
    ...(c.parentId ? { parent_id: c.parentId } : {}),
    media: { id: c.mediaId },
    like_count: 0,
  };
}

/** `object: "page"`, `field: "feed"`, `item: "comment"`. */
export function fbCommentWebhook(s: GraphStore, c: FbComment) {
  const post = s.posts.find((p) => p.id === c.postId)!;
  return {
    object: 'page',
    entry: [
      {
        id: s.page.id,
        time: sec(Date.now()),
        changes: [
          {
            field: 'feed',
            value: {
              from: { id: c.from.id, name: c.from.name },
              post: {
                status_type: 'mobile_status_update',
                is_published: true,
                updated_time: graphTime(post.updated),
                permalink_url: postJson(s, post).permalink_url,
                promotion_status: 'inactive',
                id: post.id,
              },
              message: c.message,
              post_id: c.postId,
              comment_id: c.id,
              created_time: sec(c.created),
              item: 'comment',
              parent_id: c.parentId ?? c.postId,
              verb: 'add',
            },
          },
        ],
      },
    ],
  };
}

/** `object: "page"`, `field: "feed"`, a visitor post (`item: "status"`). */
export function fbPostWebhook(s: GraphStore, p: FbPost) {
  return {
    object: 'page',
    entry: [
      {
        id: s.page.id,
        time: sec(Date.now()),
        changes: [
          {
            field: 'feed',
            value: {
              from: { id: p.from.id, name: p.from.name },
              message: p.message,
              post_id: p.id,
              created_time: sec(p.created),
              item: 'status',
              published: 1,
              verb: 'add',
            },
          },
        ],
      },
    ],
  };
}

/** Messenger `messages` (inbound) or `message_echoes` (sent by the Page). Times in ms. */
export function fbMessageWebhook(s: GraphStore, d: DirectMessage) {
  const page = { id: s.page.id };
  const user = { id: d.userId };
  return {
    object: 'page',
    entry: [
      {
        id: s.page.id,
        time: Date.now(),
        messaging: [
          {
            sender: d.inbound ? user : page,
            recipient: d.inbound ? page : user,
            timestamp: d.created,
            message: { mid: d.mid, text: d.text, ...(d.inbound ? {} : { is_echo: true, app_id: Number(s.appId) }) },
          },
        ],
      },
    ],
  };
}

/** `object: "instagram"`, `field: "comments"`. */
export function igCommentWebhook(s: GraphStore, c: IgComment) {
  return {
    object: 'instagram',
    entry: [
      {
        id: s.ig.id,
        time: sec(c.created),
        changes: [
          {
            field: 'comments',
            value: {
              from: { id: c.from.id, username: c.from.username },
              media: { id: c.mediaId, media_product_type: 'FEED' },
              id: c.id,
              ...(c.parentId ? { parent_id: c.parentId } : {}),
              text: c.text,
            },
          },
        ],
      },
    ],
  };
}

/** `object: "instagram"`, `field: "mentions"`: ids only, as Meta sends them. */
export function igMentionWebhook(s: GraphStore, m: IgMedia) {
  return { object: 'instagram', entry: [{ id: s.ig.id, time: sec(m.created), changes: [{ field: 'mentions', value: { media_id: m.id } }] }] };
}

/**
 * `object: "instagram"`, `field: "mentions"` for an @mention in a comment: `{media_id, comment_id}`, as in
 * Meta's "Webhooks for Instagram" reference (the comment text is read with `mentioned_comment`).
 */
export function igCommentMentionWebhook(s: GraphStore, c: IgComment) {
  return { object: 'instagram', entry: [{ id: s.ig.id, time: sec(c.created), changes: [{ field: 'mentions', value: { media_id: c.mediaId, comment_id: c.id } }] }] };
}

/** Instagram messaging: inbound DMs and the account's own (is_echo) under the `messages` field. */
export function igMessageWebhook(s: GraphStore, d: DirectMessage) {
  const me = { id: s.ig.id };
  const user = { id: d.userId };
  return {
    object: 'instagram',
    entry: [
      {
        id: s.ig.id,
        time: Date.now(),
        messaging: [
          {
            sender: d.inbound ? user : me,
            recipient: d.inbound ? me : user,
            timestamp: d.created,
            message: { mid: d.mid, text: d.text, ...(d.inbound ? {} : { is_echo: true }) },
          },
        ],
      },
    ],
  };
}
