import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { NETWORKS } from '@inbox/connectors';

/**
 * The raw archive: every signed webhook body and every poll page, kept as received before it is
 * processed, so that a delivery that failed to parse can be replayed after a fix (scripts/replay.ts).
 * Bounded by age and total size (prune.ts). Bodies can hold customer data: never returned by the API.
 */
const RawDeliverySchema = new Schema(
  {
    account: { type: Schema.Types.ObjectId, ref: 'Account', required: true },
    network: { type: String, enum: NETWORKS, required: true },
    source: { type: String, enum: ['webhook', 'poll'], required: true },
    receivedAt: { type: Date, required: true },
    /** Webhook: the raw body as UTF-8. Poll: the page of normalized mentions, as JSON. */
    body: { type: String, required: true },
    bytes: { type: Number, required: true },
    /** `received` until processed; `partial` when parts were skipped as malformed. */
    parsed: { type: String, enum: ['received', 'ok', 'partial', 'failed'], default: 'received' },
    error: { type: String, default: null },
    mentions: { type: Number, default: 0 },
    replayedAt: { type: Date, default: null },
  },
  { versionKey: false, collection: 'rawdeliveries' },
);
RawDeliverySchema.index({ account: 1, receivedAt: 1 });
RawDeliverySchema.index({ receivedAt: 1 });

export type RawDeliveryDoc = InferSchemaType<typeof RawDeliverySchema> & { _id: mongoose.Types.ObjectId };
export const RawDelivery = mongoose.model('RawDelivery', RawDeliverySchema);
