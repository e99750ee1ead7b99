import { z } from 'zod';

/** The demo network's wire format (shared by its connector and its emulator). */
export const SandboxMessageSchema = z.object({
  id: z.string().min(1),
  seq: z.number().int().nonnegative(),
  kind: z.enum(['post', 'comment', 'mention', 'dm', 'email', 'review']),
  visibility: z.enum(['public', 'private']),
  thread_id: z.string().min(1),
  in_reply_to: z.string().nullable(),
  author: z.object({
    id: z.string().min(1),
    handle: z.string(),
    name: z.string(),
    followers: z.number().int().nonnegative(),
  }),
  text: z.string().max(10_000),
  created_at: z.string().datetime(),
  url: z.string().url(),
});
export type SandboxMessage = z.infer<typeof SandboxMessageSchema>;

export const SandboxPageSchema = z.object({
  data: z.array(SandboxMessageSchema),
  next_after: z.number().int().nonnegative(),
  has_more: z.boolean(),
});

export const SandboxWebhookSchema = z.object({
  event: z.literal('message.created'),
  account_id: z.string(),
  message: SandboxMessageSchema,
});

export const SIGNATURE_HEADER = 'x-sandbox-signature';
