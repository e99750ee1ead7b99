import mongoose, { Schema, type InferSchemaType } from 'mongoose';

export const AUDIT_ACTIONS = [
  'auth.login',
  'auth.login_failed',
  'auth.logout',
  'user.create',
  'user.role',
  'user.disable',
  'user.enable',
  'user.password',
  'account.connect',
  'account.update',
  'account.credentials',
  'mention.reply',
  'mention.assign',
  'mention.status',
  'mention.labels',
  'conversation.reply',
  'conversation.assign',
  'conversation.status',
  'conversation.labels',
  'conversation.note',
  'message.complaint',
  'canned.create',
  'canned.update',
  'canned.delete',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/**
 * Who did what, appended once per action (single-document inserts). The API only reads it: there is
 * no route that changes or deletes an entry. `details` never holds secrets, only names of what changed.
 */
const AuditSchema = new Schema(
  {
    at: { type: Date, required: true },
    action: { type: String, enum: AUDIT_ACTIONS, required: true },
    actor: {
      id: { type: String, default: null },
      email: { type: String, default: null },
      role: { type: String, default: null },
    },
    target: {
      type: { type: String, default: null },
      id: { type: String, default: null },
      label: { type: String, default: null },
    },
    details: { type: Schema.Types.Mixed, default: {} },
    ip: { type: String, default: null },
  },
  { versionKey: false, minimize: false },
);
AuditSchema.index({ action: 1, _id: -1 });

export type AuditDoc = InferSchemaType<typeof AuditSchema> & { _id: mongoose.Types.ObjectId };
export const Audit = mongoose.model('Audit', AuditSchema);

export function toPublicAudit(a: AuditDoc) {
  return {
    id: String(a._id),
    at: a.at,
    action: a.action,
    actor: a.actor?.email ? { id: a.actor.id, email: a.actor.email, role: a.actor.role } : null,
    target: a.target?.type ? { type: a.target.type, id: a.target.id, label: a.target.label } : null,
    details: a.details ?? {},
    ip: a.ip,
  };
}
