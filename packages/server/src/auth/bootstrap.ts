import { User } from '../models/user.ts';
import { Audit } from '../models/audit.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { createUser } from './users.ts';
import { generatePassword, hashPassword } from './passwords.ts';

export interface FirstAdmin {
  email: string;
  /** Only when it was generated on this start (shown once; only its argon2 hash is stored). */
  password?: string;
  created: boolean;
}

export const DEMO_ADMIN_EMAIL = 'admin@inbox.local';

/** Indexes the auth collections rely on (unique email; audit order). */
export async function ensureAuthIndexes(): Promise<void> {
  await Promise.all([User.createIndexes(), Audit.createIndexes()]);
}

/**
 * First run: when there is no user at all, creates an admin from INBOX_ADMIN_EMAIL /
 * INBOX_ADMIN_PASSWORD, or `admin@inbox.local` with a generated password that the caller prints once.
 * Later runs create nothing and return the existing first admin's email.
 */
export async function ensureFirstAdmin(config: Config, log: Logger): Promise<FirstAdmin> {
  await ensureAuthIndexes();
  const existing = await User.findOne({ role: 'admin' }).sort({ createdAt: 1 }).lean();
  if (existing || (await User.estimatedDocumentCount()) > 0) {
    return { email: existing?.email ?? config.INBOX_ADMIN_EMAIL ?? DEMO_ADMIN_EMAIL, created: false };
  }
  const email = (config.INBOX_ADMIN_EMAIL ?? DEMO_ADMIN_EMAIL).toLowerCase();
  const generated = config.INBOX_ADMIN_PASSWORD ? undefined : generatePassword();
  try {
    // A generated password is one-time: it must be changed at first sign-in.
    await createUser({ email, password: config.INBOX_ADMIN_PASSWORD ?? generated!, role: 'admin', name: 'Administrator', mustChangePassword: generated !== undefined });
  } catch (err) {
    // Two processes starting at once: the other one created it.
    if ((err as { status?: number }).status === 409) return { email, created: false };
    throw err;
  }
  log.info({ email }, 'created the first admin');
  return { email, created: true, ...(generated ? { password: generated } : {}) };
}

/**
 * Sets a new password for a user (the reset-admin script) and ends every session they have. A
 * generated (`oneTime`) password must be changed at the next sign-in.
 */
export async function resetPassword(email: string, password: string, opts: { oneTime?: boolean } = {}): Promise<boolean> {
  const r = await User.updateOne(
    { email: email.toLowerCase() },
    { $set: { passwordHash: await hashPassword(password), disabled: false, mustChangePassword: opts.oneTime === true }, $inc: { sessionEpoch: 1 } },
  );
  return r.matchedCount === 1;
}
