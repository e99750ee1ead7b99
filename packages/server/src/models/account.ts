import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { NETWORKS } from '@inbox/connectors';

/**
 * A connected network account. `sealedCredentials` is AES-256-GCM ciphertext and never leaves the
 * server; `toPublic` is the only shape the API returns.
 */
const AccountSchema = new Schema(
  {
    network: { type: String, enum: NETWORKS, required: true },
    name: { type: String, required: true },
    enabled: { type: Boolean, default: true },
    sealedCredentials: { type: Schema.Types.Mixed, required: true },
    /** Base URLs (emulators in the demo); empty for the real networks. */
    endpoints: { type: Schema.Types.Mixed, default: {} },
    /** The brand's handles, for "tags the brand". */
    brandHandles: { type: [String], default: [] },
    identity: { id: String, handle: String, name: String },
    pollIntervalMs: { type: Number, required: true },
    cursor: { type: String, default: null },
    health: {
      state: { type: String, enum: ['ok', 'rate_limited', 'needs_reauth', 'error', 'unknown'], default: 'unknown' },
      message: { type: String, default: null },
      lastPollAt: { type: Date, default: null },
      lastSuccessAt: { type: Date, default: null },
      nextAttemptAt: { type: Date, default: null },
      consecutiveFailures: { type: Number, default: 0 },
      authFailures: { type: Number, default: 0 },
      /** Signed deliveries that could not be read, wholly or in part (archive/record.ts). */
      parseFailures: { type: Number, default: 0 },
      lastParseError: { at: { type: Date, default: null }, message: { type: String, default: null } },
    },
    createdAt: { type: Date, default: () => new Date() },
  },
  { versionKey: false, minimize: false },
);

AccountSchema.index({ network: 1, name: 1 }, { unique: true });

export type AccountDoc = InferSchemaType<typeof AccountSchema> & { _id: mongoose.Types.ObjectId };
export const Account = mongoose.model('Account', AccountSchema);

export function toPublicAccount(a: AccountDoc) {
  return {
    id: String(a._id),
    network: a.network,
    name: a.name,
    enabled: a.enabled,
    identity: a.identity ?? null,
    pollIntervalMs: a.pollIntervalMs,
    health: a.health,
    hasCredentials: Boolean(a.sealedCredentials),
    createdAt: a.createdAt,
  };
}
