import mongoose, { Schema, type InferSchemaType } from 'mongoose';

export const ROLES = ['admin', 'agent', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** A person who signs in. `passwordHash` is argon2id and never leaves the server. */
const UserSchema = new Schema(
  {
    email: { type: String, required: true },
    name: { type: String, default: null },
    role: { type: String, enum: ROLES, required: true },
    passwordHash: { type: String, required: true },
    disabled: { type: Boolean, default: false },
    createdAt: { type: Date, default: () => new Date() },
    lastLoginAt: { type: Date, default: null },
    /** Bumped when the password, role or disabled flag changes: every older session then ends. */
    sessionEpoch: { type: Number, default: 0 },
    /** A one-time (generated) password: every route but changing it is refused until it is changed. */
    mustChangePassword: { type: Boolean, default: false },
    /** Failed sign-ins since the last success, and the time before which sign-in is refused. */
    failedLogins: { type: Number, default: 0 },
    lockedUntil: { type: Date, default: null },
  },
  { versionKey: false },
);
UserSchema.index({ email: 1 }, { unique: true });

export type UserDoc = InferSchemaType<typeof UserSchema> & { _id: mongoose.Types.ObjectId };
export const User = mongoose.model('User', UserSchema);

export function toPublicUser(u: UserDoc) {
  return {
    id: String(u._id),
    email: u.email,
    name: u.name ?? null,
    role: u.role as Role,
    disabled: Boolean(u.disabled),
    createdAt: u.createdAt,
    lastLoginAt: u.lastLoginAt ?? null,
    mustChangePassword: Boolean(u.mustChangePassword),
  };
}
export type PublicUser = ReturnType<typeof toPublicUser>;
