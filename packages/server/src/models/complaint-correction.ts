import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/**
 * An agent's correction of a complaint flag ("this is / is not a complaint"), kept as a labelled
 * example: `npm run export:corrections` writes them as JSONL for `npm run train:scoring -- --with-corrections`.
 * `text` is the message text as scored; `by` the agent's user id.
 */
const ComplaintCorrectionSchema = new Schema(
  {
    text: { type: String, required: true },
    lang: { type: String, default: null },
    complaint: { type: Boolean, required: true },
    messageId: { type: String, default: null },
    by: { type: String, default: null },
    at: { type: Date, default: () => new Date() },
  },
  { versionKey: false, collection: 'complaintcorrections' },
);

ComplaintCorrectionSchema.index({ at: 1 });

export type ComplaintCorrectionDoc = InferSchemaType<typeof ComplaintCorrectionSchema> & { _id: mongoose.Types.ObjectId };
export const ComplaintCorrection = mongoose.model('ComplaintCorrection', ComplaintCorrectionSchema);
