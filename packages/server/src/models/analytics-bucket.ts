import mongoose, { Schema } from 'mongoose';

/**
 * Counters of one time bucket, bumped with `$inc` at write time (analytics/buckets.ts), so the
 * dashboard never scans messages. `_id` is `<g>:<start ISO>|<by>|<key>`: `g` is `h` (hour) or `d`
 * (day, UTC); `by` a dimension (network, lang, sentiment, account) or `team` (replies, key `all`).
 */
const AnalyticsBucketSchema = new Schema(
  {
    _id: { type: String, required: true },
    g: { type: String, enum: ['h', 'd'], required: true },
    start: { type: Date, required: true },
    by: { type: String, required: true },
    key: { type: String, required: true },
    messages: { type: Number, default: 0 },
    complaints: { type: Number, default: 0 },
    negative: { type: Number, default: 0 },
    neutral: { type: Number, default: 0 },
    positive: { type: Number, default: 0 },
    responses: { type: Number, default: 0 },
    responseMsTotal: { type: Number, default: 0 },
    dueMet: { type: Number, default: 0 },
    dueMissed: { type: Number, default: 0 },
  },
  { versionKey: false, collection: 'analytics' },
);

// A dimension's buckets over a period: equality on (g, by), range and sort on start (pushed down).
AnalyticsBucketSchema.index({ g: 1, by: 1, start: 1 });

export type AnalyticsBucketDoc = mongoose.InferSchemaType<typeof AnalyticsBucketSchema>;
export const AnalyticsBucket = mongoose.model('AnalyticsBucket', AnalyticsBucketSchema);
