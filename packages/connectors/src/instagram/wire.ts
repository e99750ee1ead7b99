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

/** `changes[].value` for `field: "comments"` / `"live_comments"` (no timestamp: entry.time is used). */
export const IgCommentChangeSchema = z.object({
  id: z.string(),
  text: z.string().optional(),
  from: IgFrom,
  media: z.object({ id: z.string(), media_product_type: z.string().optional() }),
  parent_id: z.string().optional(),
});

/** `changes[].value` for `field: "mentions"`: ids only; the text needs a Graph lookup. */
export const IgMentionChangeSchema = z.object({ media_id: z.string(), comment_id: z.string().optional() });

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
