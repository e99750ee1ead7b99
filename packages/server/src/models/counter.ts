import mongoose, { Schema } from 'mongoose';

/**
 * Counts kept at write time (`$inc` when a conversation changes state), so the header's figures
 * never come from a scan. One document per counter set; `_id` names it (services/counts.ts).
 */
const CounterSchema = new Schema(
  {
    _id: { type: String, required: true },
    open: { type: Number, default: 0 },
    pending: { type: Number, default: 0 },
    closed: { type: Number, default: 0 },
    openComplaints: { type: Number, default: 0 },
    openUnassigned: { type: Number, default: 0 },
    /** Bumped with every change, so a recount knows whether it raced one (services/counts.ts). */
    epoch: { type: Number, default: 0 },
  },
  { versionKey: false },
);

export const Counter = mongoose.model('Counter', CounterSchema);
