import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/**
 * A reply an agent sent. Its own collection (not an array in the mention) so that each state change
 * is a single-document update FerretDB supports, and the unique (mention, key) index makes a retried
 * send the same reply.
 */
const ReplySchema = new Schema(
  {
    mention: { type: Schema.Types.ObjectId, ref: 'Mention', required: true },
    account: { type: Schema.Types.ObjectId, ref: 'Account', required: true },
    key: { type: String, required: true },
    text: { type: String, required: true },
    status: { type: String, enum: ['sending', 'sent', 'failed'], required: true },
    externalId: { type: String, default: null },
    error: { type: String, default: null },
    by: { type: String, default: null },
    createdAt: { type: Date, required: true },
    sentAt: { type: Date, default: null },
  },
  { versionKey: false },
);
ReplySchema.index({ mention: 1, key: 1 }, { unique: true });
ReplySchema.index({ mention: 1, createdAt: 1 });

export type ReplyDoc = InferSchemaType<typeof ReplySchema> & { _id: mongoose.Types.ObjectId };
export const Reply = mongoose.model('Reply', ReplySchema);

export function toPublicReply(r: ReplyDoc) {
  return {
    id: String(r._id),
    mention: String(r.mention),
    key: r.key,
    text: r.text,
    status: r.status,
    externalId: r.externalId,
    error: r.error,
    by: r.by,
    createdAt: r.createdAt,
    sentAt: r.sentAt,
  };
}
