import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { User, toPublicUser, type UserDoc } from '../../models/user.ts';
import { verifyPassword } from '../../auth/passwords.ts';
import { sessionUserOf, SESSION_COOKIE } from '../../auth/session.ts';
import { audit } from '../../audit/log.ts';
import type { Logger } from '../../logger.ts';
import { HttpError } from '../errors.ts';
import { NoQuery } from '../validate.ts';

const LoginBody = z
  .object({
    email: z.string().trim().min(1, 'email: required').max(254),
    password: z.string().min(1, 'password: required').max(200),
  })
  .strict();

/** Sign-in, sign-out and "who am I". The login route has its own rate limiter (failures only). */
export function authRouter(deps: { log: Logger; loginLimiter: RequestHandler }): Router {
  const r = Router();

  r.post('/auth/login', deps.loginLimiter, async (req, res) => {
    NoQuery.parse(req.query);
    const body = LoginBody.parse(req.body);
    const email = body.email.toLowerCase();
    const u = await User.findOne({ email }).lean<UserDoc>();
    const ok = await verifyPassword(u && !u.disabled ? u.passwordHash : null, body.password);
    if (!u || !ok || u.disabled) {
      await audit(req, { action: 'auth.login_failed', actor: null, details: { email: email.slice(0, 254), reason: !u ? 'unknown email' : u.disabled ? 'disabled' : 'wrong password' } }, deps.log);
      deps.log.warn({ email }, 'sign-in refused');
      throw new HttpError(401, 'email or password is incorrect');
    }
    // A new session id on sign-in (no fixation), then the user id in it.
    await new Promise<void>((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
    req.session.userId = String(u._id);
    await new Promise<void>((resolve, reject) => req.session.save((err) => (err ? reject(err) : resolve())));
    await User.updateOne({ _id: u._id }, { $set: { lastLoginAt: new Date() } });
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
    const id = req.session?.userId;
    const u = id ? await User.findById(id).lean<UserDoc>() : null;
    if (id && (!u || u.disabled)) await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
    res.json({ data: u && !u.disabled ? toPublicUser(u) : null });
  });

  return r;
}
