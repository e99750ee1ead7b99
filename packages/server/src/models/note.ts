import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/**
 * An internal note on a conversation: for the team only, never sent to a network. Its own
 * collection (one insert per note), read per conversation in time order by the index below.
 */
const NoteSchema = new Schema(
  {
    conversation: { type: Schema.Types.ObjectId, ref: 'Conversation', required: true },
    text: { type: String, required: true },
    by: { type: String, default: null },
    byName: { type: String, default: null },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);
NoteSchema.index({ conversation: 1, createdAt: 1, _id: 1 });

export type NoteDoc = InferSchemaType<typeof NoteSchema> & { _id: mongoose.Types.ObjectId };
export const Note = mongoose.model('Note', NoteSchema);
