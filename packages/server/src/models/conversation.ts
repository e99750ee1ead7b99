import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { NETWORKS, SENTIMENT_LABELS, STATUSES } from '@inbox/contract';

const AuthorSchema = {
  id: { type: String, required: true },
  handle: { type: String, default: null },
  name: { type: String, default: null },
  reach: { type: Number, default: 0 },
};

/**
 * The unit the team works on: one thread of one account (a DM conversation, an email thread, a
 * public post with its comments). `_id` is derived from (account, threadKey) (conversations/ids.ts),
 * so every write to it is an `_id` write, which the embedded database serves by index.
 *
 * Every field a queue read filters or sorts on is a top-level scalar (never an array), which is what
 * the embedded database's pushdown requires (tools/ferretdb/README.md).
 */
const ConversationSchema = new Schema(
  {
    account: { type: Schema.Types.ObjectId, ref: 'Account', required: true },
    network: { type: String, enum: NETWORKS, required: true },
    threadKey: { type: String, required: true },
    kind: { type: String, required: true },
    visibility: { type: String, enum: ['public', 'private'], required: true },
    subject: { type: String, default: null },
    customer: AuthorSchema,
    status: { type: String, enum: STATUSES, required: true },
    assignee: { type: String, default: null },
    labels: { type: [String], default: [] },
    priority: { type: Number, required: true },
    complaint: { type: Boolean, required: true },
    reasons: { type: [String], default: [] },
    sentiment: { type: String, enum: SENTIMENT_LABELS, required: true },
    lang: { type: String, required: true },
    dueAt: { type: Date, default: null },
    messageCount: { type: Number, required: true },
    replyCount: { type: Number, default: 0 },
    /**
     * The customer messages since the team last answered (newest last, at most WAITING_MAX): the
     * conversation's priority, complaint flag and reply-by deadline come from these.
     */
    waiting: {
      type: [
        {
          _id: false,
          id: { type: Schema.Types.ObjectId, required: true },
          flag: { type: Boolean, required: true },
          score: { type: Number, required: true },
          reasons: { type: [String], default: [] },
          visibility: { type: String, required: true },
          reach: { type: Number, default: 0 },
          createdAt: { type: Date, required: true },
          dueAt: { type: Date, default: null },
        },
      ],
      default: [],
    },
    unansweredCount: { type: Number, default: 0 },
    /** The latest messages already counted (conversations/state.ts RECENT_IDS_MAX). */
    recentIds: { type: [Schema.Types.ObjectId], default: [] },
    lastMessage: {
      id: { type: Schema.Types.ObjectId, required: true },
      text: { type: String, required: true },
      author: AuthorSchema,
      createdAt: { type: Date, required: true },
      lang: { type: String, required: true },
      sentiment: { type: String, required: true },
      complaint: { type: Boolean, required: true },
    },
    lastMessageAt: { type: Date, required: true },
    firstMessageAt: { type: Date, required: true },
    lastReplyAt: { type: Date, default: null },
    firstResponseAt: { type: Date, default: null },
    firstResponseMs: { type: Number, default: null },
    resolvedAt: { type: Date, default: null },
    resolutionMs: { type: Number, default: null },
    reopenCount: { type: Number, default: 0 },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    /** Bumped by every write; writers compare it to apply read-modify-write changes exactly once. */
    rev: { type: Number, required: true },
  },
  { versionKey: false, minimize: false },
);

ConversationSchema.index({ account: 1, threadKey: 1 }, { unique: true });
// The queue's pages: equality first, then the sort of each order (see services/queue.ts).
ConversationSchema.index({ status: 1, priority: -1, lastMessageAt: -1, _id: -1 });
ConversationSchema.index({ status: 1, lastMessageAt: -1, _id: -1 });
ConversationSchema.index({ priority: -1, lastMessageAt: -1, _id: -1 });
ConversationSchema.index({ lastMessageAt: -1, _id: -1 });
// The Overdue view: reply-by passed (closed ones have no deadline), the longest overdue first.
ConversationSchema.index({ dueAt: 1, _id: 1 });
ConversationSchema.index({ assignee: 1, status: 1, lastMessageAt: -1, _id: -1 });

export type ConversationDoc = InferSchemaType<typeof ConversationSchema> & { _id: mongoose.Types.ObjectId };
export type WaitingMessage = ConversationDoc['waiting'][number];
export const Conversation = mongoose.model('Conversation', ConversationSchema);
