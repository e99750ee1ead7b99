import { z } from 'zod';
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

const GraphIdValue = z.union([z.string(), z.number()]);

/**
 * `changes[].value` for `field: "feed"` (and `"mention"`). Two shapes are delivered: the current one
 * with `from: {id, name}`, and the older one with `sender_id` (a JSON number in old deliveries) and
 * `sender_name`; `created_time` (unix seconds) is absent from some items (then `entry.time` is used).
 */
export const FeedChangeValueSchema = z
  .object({
    item: z.string(),
    verb: z.string(),
    from: z.object({ id: GraphIdValue, name: z.string().optional() }).loose().optional(),
    sender_id: GraphIdValue.optional(),
    sender_name: z.string().optional(),
    post_id: z.string().optional(),
    comment_id: z.string().optional(),
    parent_id: z.string().optional(),
    message: z.string().optional(),
    created_time: z.union([z.number(), z.string()]).optional(),
    post: z.object({ permalink_url: z.string().optional() }).loose().optional(),
    permalink_url: z.string().optional(),
  })
  .loose();
export type FeedChangeValue = z.infer<typeof FeedChangeValueSchema>;
