import { z } from 'zod';
import { MessagingEventSchema } from '../graph/messaging.ts';
import { GraphListSchema, IdName } from '../graph/wire.ts';

/** `GET /{page-id}?fields=id,name,username` */
export const PageSchema = z.object({ id: z.string(), name: z.string().optional(), username: z.string().optional() });

/** One entry of `GET /{page-id}/feed` (Page posts and visitor posts). */
export const FeedPostSchema = z.object({
  id: z.string(),
  message: z.string().optional(),
  from: IdName.optional(),
  created_time: z.string(),
  updated_time: z.string().optional(),
  permalink_url: z.string().optional(),
});
export type FeedPost = z.infer<typeof FeedPostSchema>;
export const FeedPageSchema = GraphListSchema(FeedPostSchema);

/** One entry of `GET /{post-id}/comments?filter=stream`. */
export const CommentSchema = z.object({
  id: z.string(),
  message: z.string().optional(),
  from: IdName.optional(),
  created_time: z.string(),
  permalink_url: z.string().optional(),
  parent: z.object({ id: z.string() }).optional(),
});
export type Comment = z.infer<typeof CommentSchema>;
export const CommentPageSchema = GraphListSchema(CommentSchema);

export { CreatedSchema, SendResultSchema } from '../graph/wire.ts';

// ---- webhooks (object: "page") ----

/** `changes[].value` for `field: "feed"`. Times are unix seconds. */
export const FeedChangeValueSchema = z.object({
  item: z.string(),
  verb: z.string(),
  from: IdName.optional(),
  post_id: z.string().optional(),
  comment_id: z.string().optional(),
  parent_id: z.string().optional(),
  message: z.string().optional(),
  created_time: z.union([z.number(), z.string()]).optional(),
  post: z.object({ permalink_url: z.string().optional() }).optional(),
  permalink_url: z.string().optional(),
});
export type FeedChangeValue = z.infer<typeof FeedChangeValueSchema>;

export const PageWebhookSchema = z.object({
  object: z.literal('page'),
  entry: z.array(
    z.object({
      id: z.string(),
      time: z.number(),
      changes: z.array(z.object({ field: z.string(), value: z.unknown() })).optional(),
      messaging: z.array(MessagingEventSchema).optional(),
    }),
  ),
});
