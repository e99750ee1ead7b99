import { z } from 'zod';
import { MessagingEventSchema as IgMessagingEventSchema } from '../graph/messaging.ts';
import { GraphListSchema } from '../graph/wire.ts';

/** `GET /{ig-user-id}?fields=id,username,name` */
export const IgUserSchema = z.object({ id: z.string(), username: z.string().optional(), name: z.string().optional() });

const IgFrom = z.object({ id: z.string(), username: z.string().optional() });

/** `GET /{ig-user-id}/media` entry (the business account's own media). */
export const IgMediaSchema = z.object({
  id: z.string(),
  caption: z.string().optional(),
  timestamp: z.string().optional(),
  permalink: z.string().optional(),
  comments_count: z.number().optional(),
});
export const IgMediaPageSchema = GraphListSchema(IgMediaSchema);

/** `GET /{ig-media-id}/comments` entry. */
export const IgCommentSchema = z.object({
  id: z.string(),
  text: z.string().optional(),
  timestamp: z.string(),
  username: z.string().optional(),
  from: IgFrom.optional(),
  parent_id: z.string().optional(),
});
export type IgComment = z.infer<typeof IgCommentSchema>;
export const IgCommentPageSchema = GraphListSchema(IgCommentSchema);

/** `GET /{ig-user-id}/tags` entry: media of other accounts in which the business account is tagged. */
export const IgTaggedMediaSchema = z.object({
  id: z.string(),
  caption: z.string().optional(),
  timestamp: z.string(),
  username: z.string().optional(),
  permalink: z.string().optional(),
});
export type IgTaggedMedia = z.infer<typeof IgTaggedMediaSchema>;
export const IgTaggedPageSchema = GraphListSchema(IgTaggedMediaSchema);

export { CreatedSchema, SendResultSchema } from '../graph/wire.ts';

// ---- webhooks (object: "instagram") ----

/**
 * `changes[].value` for `field: "comments"` / `"live_comments"` (no timestamp: entry.time is used).
 * Documented with `from` and `media`, but deliveries with only `id` and `text` occur (the reference
 * lists every member as optional): the rest is then read from Graph.
 */
export const IgCommentChangeSchema = z
  .object({
    id: z.string(),
    text: z.string().optional(),
    from: z.object({ id: z.string(), username: z.string().optional() }).loose().optional(),
    media: z.object({ id: z.string(), media_product_type: z.string().optional() }).loose().optional(),
    parent_id: z.string().optional(),
  })
  .loose();

/** `changes[].value` for `field: "mentions"`: ids only (`comment_id` when the @mention is in a comment). */
export const IgMentionChangeSchema = z.object({ media_id: z.string(), comment_id: z.string().nullable().optional() }).loose();

/** `GET /{ig-comment-id}?fields=id,text,timestamp,username,from,media{id},parent_id` */
export const IgCommentNodeSchema = IgCommentSchema.extend({ media: z.object({ id: z.string() }).optional() });

/** `GET /{ig-user-id}?fields=mentioned_comment.comment_id(ID){...}` */
export const IgMentionedCommentSchema = z.object({
  mentioned_comment: z.object({
    id: z.string(),
    text: z.string().optional(),
    timestamp: z.string().optional(),
    username: z.string().optional(),
    from: IgFrom.optional(),
    media: z.object({ id: z.string(), permalink: z.string().optional() }).optional(),
  }),
});

/** `GET /{ig-user-id}?fields=mentioned_media.media_id(ID){...}` */
export const IgMentionedMediaSchema = z.object({ mentioned_media: IgTaggedMediaSchema });

export const IgWebhookSchema = z.object({
  object: z.literal('instagram'),
  entry: z.array(
    z.object({
      id: z.string(),
      time: z.number(),
      changes: z.array(z.object({ field: z.string(), value: z.unknown() })).optional(),
      messaging: z.array(IgMessagingEventSchema).optional(),
    }),
  ),
});
