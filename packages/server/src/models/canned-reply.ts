import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/** A reply text admins keep for agents to insert, with `{{variables}}` (contract: fillCannedReply). */
const CannedReplySchema = new Schema(
  {
    title: { type: String, required: true },
    text: { type: String, required: true },
    updatedBy: { type: String, default: null },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'cannedreplies' },
);
// The list is read sorted by title, a page at a time.
CannedReplySchema.index({ title: 1, _id: 1 });

export type CannedReplyDoc = InferSchemaType<typeof CannedReplySchema> & { _id: mongoose.Types.ObjectId };
export const CannedReply = mongoose.model('CannedReply', CannedReplySchema);
