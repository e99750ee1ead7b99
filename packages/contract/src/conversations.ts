import { z } from 'zod';
import { NETWORKS, REPLY_STATES, SENTIMENT_LABELS, STATUSES, VISIBILITIES } from './enums.ts';

/** A 24-hex-digit id (MongoDB ObjectId), as every id in the API is. */
export const Id = z.string().regex(/^[0-9a-f]{24}$/, 'must be a 24-character hex id');

/** Query-string booleans: only the words `true` and `false`. */
const QueryBool = z.enum(['true', 'false']).transform((v) => v === 'true');

// ---- requests ---------------------------------------------------------------------------------

/**
 * `GET /api/conversations`: the queue. `assignee` is a user's email, `me` or `none`. `q` searches
 * words of the conversations' messages (any status unless `status` is given).
 */
export const ListConversationsQuery = z
  .object({
    network: z.enum(NETWORKS).optional(),
    account: Id.optional(),
    complaint: QueryBool.optional(),
    sentiment: z.enum(SENTIMENT_LABELS).optional(),
    status: z.enum(STATUSES).optional(),
    visibility: z.enum(VISIBILITIES).optional(),
    lang: z.string().regex(/^[a-z]{2,3}$/, 'must be a 2-3 letter language code').optional(),
    assignee: z.union([z.literal('me'), z.literal('none'), z.email().max(200)]).optional(),
    q: z.string().max(200).optional(),
    /** Only conversations whose reply-by has passed (never closed ones), the longest overdue first. */
    overdue: QueryBool.optional(),
    order: z.enum(['newest', 'priority']).default('newest'),
    cursor: z.string().max(400).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(30),
  })
  .strict();
export type ListConversationsQuery = z.input<typeof ListConversationsQuery>;

/** `PATCH /api/conversations/:id`. `assignee` is a user's email, or null to unassign. */
export const PatchConversationBody = z
  .object({
    status: z.enum(STATUSES).optional(),
    assignee: z.email().trim().max(200).nullable().optional(),
    labels: z.array(z.string().trim().min(1).max(50)).max(20).optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'nothing to change: send status, assignee or labels');
export type PatchConversationBody = z.input<typeof PatchConversationBody>;

/**
 * `POST /api/conversations/:id/replies`. `key` is made once per draft by the client, so a retried
 * send is not posted twice. `to` picks the message answered (default: the newest customer message);
 * `close: true` closes the conversation once the reply is sent ("Send and close").
 */
export const ReplyBody = z
  .object({
    text: z.string().trim().min(1, 'text: must not be empty').max(2000),
    key: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8-64 letters, digits, _ or -'),
    to: Id.optional(),
    close: z.boolean().optional(),
  })
  .strict();
export type ReplyBody = z.input<typeof ReplyBody>;

// ---- responses --------------------------------------------------------------------------------

const IsoDate = z.string();

export const Author = z.object({ id: z.string(), handle: z.string().nullable(), name: z.string().nullable(), reach: z.number() });
export type Author = z.infer<typeof Author>;

export const Reply = z.object({
  id: Id,
  conversation: Id,
  message: Id,
  key: z.string(),
  text: z.string(),
  status: z.enum(REPLY_STATES),
  externalId: z.string().nullable(),
  error: z.string().nullable(),
  /** Email of the agent who sent it. */
  by: z.string().nullable(),
  createdAt: IsoDate,
  sentAt: IsoDate.nullable(),
});
export type Reply = z.infer<typeof Reply>;

/** One customer message with its own scores. */
export const Message = z.object({
  id: Id,
  conversation: Id,
  account: Id,
  network: z.enum(NETWORKS),
  externalId: z.string(),
  kind: z.string(),
  visibility: z.enum(VISIBILITIES),
  author: Author,
  subject: z.string().nullable(),
  text: z.string(),
  lang: z.string(),
  url: z.string().nullable(),
  createdAt: IsoDate,
  receivedAt: IsoDate,
  sentiment: z.object({ label: z.enum(SENTIMENT_LABELS), score: z.number(), words: z.array(z.string()) }),
  complaint: z.object({ flag: z.boolean(), score: z.number(), reasons: z.array(z.string()) }),
  priority: z.number(),
  dueAt: IsoDate.nullable(),
});
export type Message = z.infer<typeof Message>;

export const LastMessage = z.object({
  id: Id,
  text: z.string(),
  author: Author,
  createdAt: IsoDate,
  lang: z.string(),
  sentiment: z.enum(SENTIMENT_LABELS),
  complaint: z.boolean(),
});
export type LastMessage = z.infer<typeof LastMessage>;

/** A queue item: one thread (DM conversation, email thread, or a post with its comments). */
export const Conversation = z.object({
  id: Id,
  account: Id,
  network: z.enum(NETWORKS),
  kind: z.string(),
  visibility: z.enum(VISIBILITIES),
  subject: z.string().nullable(),
  customer: Author,
  status: z.enum(STATUSES),
  assignee: z.string().nullable(),
  labels: z.array(z.string()),
  /** From its unanswered messages; 0 once everything is answered. */
  priority: z.number(),
  /** An unanswered message is flagged as a complaint. */
  complaint: z.boolean(),
  reasons: z.array(z.string()),
  sentiment: z.enum(SENTIMENT_LABELS),
  lang: z.string(),
  /** Reply-by deadline of its unanswered public complaints; null when none or closed. */
  dueAt: IsoDate.nullable(),
  messageCount: z.number(),
  unansweredCount: z.number(),
  replyCount: z.number(),
  lastMessage: LastMessage,
  lastMessageAt: IsoDate,
  firstMessageAt: IsoDate,
  firstResponseAt: IsoDate.nullable(),
  firstResponseMs: z.number().nullable(),
  resolvedAt: IsoDate.nullable(),
  resolutionMs: z.number().nullable(),
  createdAt: IsoDate,
  updatedAt: IsoDate,
});
export type Conversation = z.infer<typeof Conversation>;

/** `GET /api/conversations/:id`: messages oldest first, each with its replies oldest first. */
export const ConversationDetail = Conversation.extend({
  messages: z.array(Message.extend({ replies: z.array(Reply) })),
  /** Internal notes, oldest first (shape: team.ts `Note`). */
  notes: z.array(z.object({ id: Id, conversation: Id, text: z.string(), by: z.string().nullable(), byName: z.string().nullable(), createdAt: IsoDate })),
});
export type ConversationDetail = z.infer<typeof ConversationDetail>;

export const ConversationPage = z.object({ data: z.array(Conversation), nextCursor: z.string().nullable() });
export type ConversationPage = z.infer<typeof ConversationPage>;

/** `GET /api/conversations/counts`: kept as counters at write time, never counted by a scan. */
export const QueueCounts = z.object({ open: z.number(), pending: z.number(), closed: z.number(), openComplaints: z.number(), openUnassigned: z.number() });
export type QueueCounts = z.infer<typeof QueueCounts>;
