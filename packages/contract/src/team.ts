// How a team shares the work: internal notes, complaint corrections, canned replies, bulk actions and
// who else has a conversation open (presence).
import { z } from 'zod';
import { Id } from './conversations.ts';
import { BULK_MAX, PRESENCE_STATES } from './team-rules.ts';

export * from './team-rules.ts';

// ---- internal notes ---------------------------------------------------------------------------

/** `POST /api/conversations/:id/notes`: a note for the team only, never sent to the network. */
export const NoteBody = z.object({ text: z.string().trim().min(1, 'text: must not be empty').max(2000) }).strict();
export type NoteBody = z.input<typeof NoteBody>;

export const Note = z.object({
  id: Id,
  conversation: Id,
  text: z.string(),
  /** Email of the author, and their display name when they have one. */
  by: z.string().nullable(),
  byName: z.string().nullable(),
  createdAt: z.string(),
});
export type Note = z.infer<typeof Note>;

// ---- complaint corrections --------------------------------------------------------------------

/** `PATCH /api/messages/:id/complaint`: an agent says this message is (or is not) a complaint. */
export const ComplaintCorrectionBody = z.object({ flag: z.boolean() }).strict();
export type ComplaintCorrectionBody = z.input<typeof ComplaintCorrectionBody>;

// ---- canned replies ---------------------------------------------------------------------------

export const CannedReplyBody = z
  .object({
    title: z.string().trim().min(1, 'title: must not be empty').max(100),
    text: z.string().trim().min(1, 'text: must not be empty').max(2000),
  })
  .strict();
export type CannedReplyBody = z.input<typeof CannedReplyBody>;
export const PatchCannedReplyBody = CannedReplyBody.partial()
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'nothing to change: send title or text');
export type PatchCannedReplyBody = z.input<typeof PatchCannedReplyBody>;

export const CannedReply = z.object({ id: Id, title: z.string(), text: z.string(), updatedBy: z.string().nullable(), updatedAt: z.string() });
export type CannedReply = z.infer<typeof CannedReply>;

// ---- bulk actions -----------------------------------------------------------------------------

export const BulkAction = z.discriminatedUnion('type', [
  z.object({ type: z.literal('assign'), assignee: z.union([z.literal('me'), z.email().trim().max(200)]).nullable() }).strict(),
  z.object({ type: z.literal('label'), label: z.string().trim().min(1).max(50) }).strict(),
  z.object({ type: z.literal('close') }).strict(),
]);
export type BulkAction = z.input<typeof BulkAction>;

/** `POST /api/conversations/bulk`: one action on up to 100 conversations. */
export const BulkBody = z
  .object({
    ids: z.array(Id).min(1, 'ids: pick at least one conversation').max(BULK_MAX, `ids: at most ${BULK_MAX} at once`),
    action: BulkAction,
  })
  .strict();
export type BulkBody = z.input<typeof BulkBody>;

export const BulkResult = z.object({ id: Id, ok: z.boolean(), error: z.string().nullable() });
export type BulkResult = z.infer<typeof BulkResult>;

// ---- presence ---------------------------------------------------------------------------------

/** `POST /api/conversations/:id/presence`. */
export const PresenceBody = z.object({ state: z.enum(PRESENCE_STATES) }).strict();
export type PresenceBody = z.input<typeof PresenceBody>;

export const Presence = z.object({ email: z.string(), name: z.string().nullable(), state: z.enum(['viewing', 'typing']), at: z.string() });
export type Presence = z.infer<typeof Presence>;
