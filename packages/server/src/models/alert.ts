import mongoose, { Schema } from 'mongoose';

/**
 * A spike the alerts job found (analytics/spikes.ts). `_id` is derived from (kind, dimension, key,
 * hour), so the job running again in the same hour raises it once.
 */
const AlertSchema = new Schema(
  {
    _id: { type: String, required: true },
    kind: { type: String, enum: ['volume', 'complaint_share'], required: true },
    dimension: { type: String, enum: ['network', 'lang'], required: true },
    key: { type: String, required: true },
    at: { type: Date, required: true },
    figures: {
      messages: { type: Number, required: true },
      complaints: { type: Number, required: true },
      baselineMessages: { type: Number, required: true },
      baselineComplaints: { type: Number, required: true },
      baselineHourlyMean: { type: Number, required: true },
    },
    acknowledged: { type: Boolean, default: false },
    acknowledgedBy: { type: String, default: null },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'alerts' },
);

// Newest first, all or only the unacknowledged (pushed down).
AlertSchema.index({ createdAt: -1 });
AlertSchema.index({ acknowledged: 1, createdAt: -1 });

export type AlertDoc = mongoose.InferSchemaType<typeof AlertSchema> & { _id: string };
export const Alert = mongoose.model('Alert', AlertSchema);
