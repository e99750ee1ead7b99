import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { MENTION_KINDS, NETWORKS } from '@inbox/connectors';

export const STATUSES = ['open', 'pending', 'closed'] as const;
export type MentionStatus = (typeof STATUSES)[number];
export const SENTIMENT_LABELS = ['negative', 'neutral', 'positive'] as const;

const MentionSchema = new Schema(
  {
    account: { type: Schema.Types.ObjectId, ref: 'Account', required: true },
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
    text: { type: String, required: true },
    lang: { type: String, required: true },
    url: { type: String, default: null },
    createdAt: { type: Date, required: true },
    receivedAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
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
    priority: { type: Number, required: true },
    /** Reply deadline for public complaints. */
    dueAt: { type: Date, default: null },
    status: { type: String, enum: STATUSES, default: 'open' },
    assignee: { type: String, default: null },
    labels: { type: [String], default: [] },
    replyTarget: { type: Schema.Types.Mixed, required: true },
    /** Replies live in their own collection (models/reply.ts); these summarize them for the list. */
    replyCount: { type: Number, default: 0 },
    lastReplyAt: { type: Date, default: null },
    /** Lower-cased words for search (multikey index; FerretDB has no $text). */
    tokens: { type: [String], default: [] },
  },
  { versionKey: false, minimize: false },
);

MentionSchema.index({ account: 1, externalId: 1 }, { unique: true });
MentionSchema.index({ receivedAt: -1, _id: -1 });
MentionSchema.index({ priority: -1, receivedAt: -1, _id: -1 });
MentionSchema.index({ account: 1, threadKey: 1, createdAt: 1 });
MentionSchema.index({ tokens: 1 });

export type MentionDoc = InferSchemaType<typeof MentionSchema> & { _id: mongoose.Types.ObjectId };
export const Mention = mongoose.model('Mention', MentionSchema);
