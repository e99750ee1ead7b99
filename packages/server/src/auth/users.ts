import { User, type Role, type UserDoc } from '../models/user.ts';
import { HttpError } from '../errors.ts';
import { hashPassword } from './passwords.ts';

/** Creates a user (email lower-cased, password hashed with argon2id); 409 when the email is taken. */
export async function createUser(spec: { email: string; password: string; role: Role; name?: string | null; mustChangePassword?: boolean }): Promise<UserDoc> {
  const email = spec.email.trim().toLowerCase();
  const passwordHash = await hashPassword(spec.password);
  try {
    const doc = await User.create({ email, name: spec.name ?? null, role: spec.role, passwordHash, createdAt: new Date(), mustChangePassword: spec.mustChangePassword === true });
    return doc.toObject() as UserDoc;
  } catch (err) {
    if ((err as { code?: number }).code === 11000) throw new HttpError(409, `a user with email ${email} already exists`);
    throw err;
  }
}

/** Enabled admins other than `exceptId`: a change that would leave none is refused. */
export function otherActiveAdmins(exceptId: string): Promise<number> {
  return User.countDocuments({ role: 'admin', disabled: { $ne: true }, _id: { $ne: exceptId } });
}
