import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { REPLY_STATES } from '@inbox/contract';

/**
 * A reply an agent sent. Its own collection (not an array in the conversation) so that each state
 * change is a single-document update, and the unique (conversation, key) index makes a retried send
 * the same reply. State machine: sending → sent | failed; failed → sending on retry.
 */
const ReplySchema = new Schema(
  {
    conversation: { type: Schema.Types.ObjectId, ref: 'Conversation', required: true },
    /** The customer message it answers. */
    message: { type: Schema.Types.ObjectId, ref: 'Message', required: true },
    account: { type: Schema.Types.ObjectId, ref: 'Account', required: true },
    key: { type: String, required: true },
    text: { type: String, required: true },
    status: { type: String, enum: REPLY_STATES, required: true },
    externalId: { type: String, default: null },
    error: { type: String, default: null },
    by: { type: String, default: null },
    createdAt: { type: Date, required: true },
    sentAt: { type: Date, default: null },
  },
  { versionKey: false },
);
ReplySchema.index({ conversation: 1, key: 1 }, { unique: true });
ReplySchema.index({ conversation: 1, createdAt: 1, _id: 1 });

export type ReplyDoc = InferSchemaType<typeof ReplySchema> & { _id: mongoose.Types.ObjectId };
export const Reply = mongoose.model('Reply', ReplySchema);
