import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { User, toPublicUser, type UserDoc } from '../../models/user.ts';
import { verifyPassword } from '../../auth/passwords.ts';
import { currentUser, sessionUserOf, startSession, SESSION_COOKIE } from '../../auth/session.ts';
import { hashPassword } from '../../auth/passwords.ts';
import { audit } from '../../audit/log.ts';
import type { Logger } from '../../logger.ts';
import { HttpError } from '../errors.ts';
import { NoQuery, Password } from '../validate.ts';

const LoginBody = z
  .object({
    email: z.string().trim().min(1, 'email: required').max(254),
    password: z.string().min(1, 'password: required').max(200),
  })
  .strict();

const PasswordBody = z
  .object({ currentPassword: z.string().min(1, 'currentPassword: required').max(200), newPassword: Password })
  .strict();

/** Failures before an account locks itself, and the first lock (doubling with each further failure). */
export const LOCK_AFTER_FAILURES = 5;
const FIRST_LOCK_MS = 30_000;
const MAX_LOCK_MS = 15 * 60_000;

async function recordFailure(u: UserDoc): Promise<void> {
  const after = await User.findOneAndUpdate({ _id: u._id }, { $inc: { failedLogins: 1 } }, { returnDocument: 'after' }).lean<UserDoc>();
  const n = after?.failedLogins ?? 0;
  if (n >= LOCK_AFTER_FAILURES) {
    const ms = Math.min(MAX_LOCK_MS, FIRST_LOCK_MS * 2 ** (n - LOCK_AFTER_FAILURES));
    await User.updateOne({ _id: u._id }, { $set: { lockedUntil: new Date(Date.now() + ms) } });
  }
}

/** Sign-in, sign-out and "who am I". The login route has its own rate limiter (failures only). */
export function authRouter(deps: { log: Logger; loginLimiter: RequestHandler }): Router {
  const r = Router();

  r.post('/auth/login', deps.loginLimiter, async (req, res) => {
    NoQuery.parse(req.query);
    const body = LoginBody.parse(req.body);
    const email = body.email.toLowerCase();
    const u = await User.findOne({ email }).lean<UserDoc>();
    const lockedFor = u?.lockedUntil ? u.lockedUntil.getTime() - Date.now() : 0;
    if (lockedFor > 0) {
      const seconds = Math.ceil(lockedFor / 1000);
      res.set('retry-after', String(seconds));
      throw new HttpError(429, `too many failed sign-ins for this account; try again in ${seconds} s`, 'account_locked');
    }
    const ok = await verifyPassword(u && !u.disabled ? u.passwordHash : null, body.password);
    if (u && !ok) await recordFailure(u);
    if (!u || !ok || u.disabled) {
      await audit(req, { action: 'auth.login_failed', actor: null, details: { email: email.slice(0, 254), reason: !u ? 'unknown email' : u.disabled ? 'disabled' : 'wrong password' } }, deps.log);
      deps.log.warn({ email }, 'sign-in refused');
      throw new HttpError(401, 'email or password is incorrect');
    }
    // A new session id on sign-in (no fixation), then the user id in it.
    await startSession(req, u);
    await User.updateOne({ _id: u._id }, { $set: { lastLoginAt: new Date(), failedLogins: 0, lockedUntil: null } });
    const user = sessionUserOf(u);
    await audit(req, { action: 'auth.login', actor: user, target: { type: 'user', id: user.id, label: u.email } }, deps.log);
    deps.log.info({ user: u.email }, 'signed in');
    res.json({ data: toPublicUser(u) });
  });

  r.post('/auth/logout', async (req, res) => {
    NoQuery.parse(req.query);
    const id = req.session?.userId;
    if (id) {
      const u = await User.findById(id).lean<UserDoc>();
      if (u) await audit(req, { action: 'auth.logout', actor: { id, email: u.email, role: u.role }, target: { type: 'user', id, label: u.email } }, deps.log);
      await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
    }
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.status(204).end();
  });

  // The app's session probe: `data: null` (not a 401) when nobody is signed in.
  r.get('/auth/me', async (req, res) => {
    NoQuery.parse(req.query);
    const u = await currentUser(req);
    res.json({ data: u ? toPublicUser(u) : null });
  });

  // A signed-in user changes their own password (required after a one-time password). Wrong current
  // passwords count against the sign-in limiter. Every other session of the user ends; this one
  // continues under a new id.
  r.post('/auth/password', deps.loginLimiter, async (req, res) => {
    NoQuery.parse(req.query);
    const body = PasswordBody.parse(req.body);
    if (!req.session?.userId) throw new HttpError(401, 'sign in first');
    const u = await currentUser(req);
    if (!u) throw new HttpError(401, 'your session has ended; sign in again');
    if (!(await verifyPassword(u.passwordHash, body.currentPassword))) throw new HttpError(401, 'the current password is incorrect');
    if (body.newPassword === body.currentPassword) throw new HttpError(400, 'newPassword: must differ from the current password');
    const updated = await User.findOneAndUpdate(
      { _id: u._id, sessionEpoch: u.sessionEpoch ?? 0 },
      { $set: { passwordHash: await hashPassword(body.newPassword), mustChangePassword: false }, $inc: { sessionEpoch: 1 } },
      { returnDocument: 'after' },
    ).lean<UserDoc>();
    // Another change (an admin's) came first: this session has ended with it.
    if (!updated) throw new HttpError(409, 'your account changed meanwhile; sign in again');
    await startSession(req, updated);
    const user = sessionUserOf(updated);
    await audit(req, { action: 'user.password', actor: user, target: { type: 'user', id: user.id, label: updated.email }, details: { self: true } }, deps.log);
    res.json({ data: toPublicUser(updated) });
  });

  return r;
}
