import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/**
 * Search without `$text` (FerretDB has none) and without scanning: one small posting per (word,
 * message), written once with the message. A search reads the newest postings of a word by the
 * (t, at) index, so its cost is the page, not the number of stored messages.
 */
const SearchPostingSchema = new Schema(
  {
    /** The word (search/tokens.ts). */
    t: { type: String, required: true },
    /** The message's conversation. */
    c: { type: Schema.Types.ObjectId, required: true },
    /** The message's time. */
    at: { type: Date, required: true },
  },
  { versionKey: false },
);
SearchPostingSchema.index({ t: 1, at: -1, _id: -1 });
// Multi-word search: does this conversation also hold that word.
SearchPostingSchema.index({ t: 1, c: 1 });

export type SearchPostingDoc = InferSchemaType<typeof SearchPostingSchema> & { _id: mongoose.Types.ObjectId };
export const SearchPosting = mongoose.model('SearchPosting', SearchPostingSchema);
