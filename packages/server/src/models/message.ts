import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { MENTION_KINDS, NETWORKS } from '@inbox/connectors';
import { SENTIMENT_LABELS } from '@inbox/contract';

/**
 * One customer message, with its own scores. It belongs to a conversation (models/conversation.ts),
 * which holds what the team works on (status, assignee, labels). The collection keeps its first
 * name, `mentions`, so data stored before conversations existed is read in place (see
 * migrations/conversations.ts).
 */
const MessageSchema = new Schema(
  {
    account: { type: Schema.Types.ObjectId, ref: 'Account', required: true },
    conversation: { type: Schema.Types.ObjectId, ref: 'Conversation', required: true },
    network: { type: String, enum: NETWORKS, required: true },
    externalId: { type: String, required: true },
    threadKey: { type: String, required: true },
    inReplyTo: { type: String, default: null },
    kind: { type: String, enum: MENTION_KINDS, required: true },
    visibility: { type: String, enum: ['public', 'private'], required: true },
    author: {
      id: { type: String, required: true },
      handle: { type: String, default: null },
      name: { type: String, default: null },
      reach: { type: Number, default: 0 },
    },
    subject: { type: String, default: null },
    text: { type: String, required: true },
    lang: { type: String, required: true },
    url: { type: String, default: null },
    createdAt: { type: Date, required: true },
    receivedAt: { type: Date, required: true },
    sentiment: {
      label: { type: String, enum: SENTIMENT_LABELS, required: true },
      score: { type: Number, required: true },
      words: { type: [String], default: [] },
    },
    complaint: {
      flag: { type: Boolean, required: true },
      score: { type: Number, required: true },
      reasons: { type: [String], default: [] },
    },
    /** Priority when it arrived (the conversation's priority is kept current as it waits). */
    priority: { type: Number, required: true },
    /** Reply deadline for public complaints. */
    dueAt: { type: Date, default: null },
    replyTarget: { type: Schema.Types.Mixed, required: true },
    /** Lower-cased words; search reads models/search-posting.ts, this list checks multi-word matches. */
    tokens: { type: [String], default: [] },
    /** False from its insert until its conversation has counted it (ingest/pipeline.ts). */
    applied: { type: Boolean, default: true },
  },
  { versionKey: false, minimize: false, collection: 'mentions' },
);

MessageSchema.index({ account: 1, externalId: 1 }, { unique: true });
// A conversation's messages in order: equality on `conversation`, sorted by time.
MessageSchema.index({ conversation: 1, createdAt: 1, _id: 1 });

export type MessageDoc = InferSchemaType<typeof MessageSchema> & { _id: mongoose.Types.ObjectId };
export const Message = mongoose.model('Message', MessageSchema);
