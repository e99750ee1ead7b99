import { createHmac } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import session from 'express-session';
import MongoStore from 'connect-mongo';
import mongoose from 'mongoose';
import { HttpError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { User, type Role, type UserDoc } from '../models/user.ts';
import './types.ts';

export const SESSION_COOKIE = 'inbox.sid';

export interface SessionOptions {
  /** Signs the session cookie; derived from INBOX_SECRET_KEY (see `deriveSessionSecret`). */
  secret: string;
  /** `auto`: Secure on https requests (req.secure, which honours `trust proxy`). */
  cookieSecure: 'auto' | boolean;
  /** Idle time after which a session ends; every request extends it (rolling). */
  idleMs: number;
}

/** A key for cookie signatures that is not the encryption key itself (HMAC of a fixed label). */
export function deriveSessionSecret(secretKeyBase64: string): string {
  return createHmac('sha256', Buffer.from(secretKeyBase64, 'base64')).update('inbox session cookie v1').digest('base64url');
}

/** How often expired sessions are deleted (FerretDB has no TTL indexes). */
export const SESSION_SWEEP_EVERY_MS = 10 * 60_000;

/**
 * Deletes expired sessions with an acknowledged write. connect-mongo's own interval cleanup sends
 * this delete with `w: 0`; FerretDB answers it anyway and the driver then hands that reply to the
 * next command on the connection (replies one command late), so it is never used.
 */
export async function sweepExpiredSessions(db: mongoose.mongo.Db, collectionName = 'sessions'): Promise<number> {
  const r = await db.collection(collectionName).deleteMany({ expires: { $lt: new Date() } });
  return r.deletedCount;
}

/**
 * The session store: connect-mongo in the app's own database (not the driver's default `test`), its
 * unacknowledged cleanup off, and our acknowledged sweep on an unref'd timer instead.
 */
export function createSessionStore(opts: { client: mongoose.mongo.MongoClient; dbName: string; idleSeconds: number; onSweepError?: (err: unknown) => void }): MongoStore {
  const store = MongoStore.create({
    client: opts.client as never,
    dbName: opts.dbName,
    collectionName: 'sessions',
    ttl: opts.idleSeconds,
    // Expired sessions are refused on read either way (connect-mongo reads only `expires > now`).
    autoRemove: 'disabled',
    // At most one store write per this many seconds per session (the cookie still rolls each time).
    touchAfter: Math.min(60, Math.floor(opts.idleSeconds / 10)),
  });
  const db = opts.client.db(opts.dbName);
  const timer = setInterval(() => {
    sweepExpiredSessions(db).catch((err: unknown) => opts.onSweepError?.(err));
  }, SESSION_SWEEP_EVERY_MS);
  timer.unref();
  return store;
}

/** express-session with its store in MongoDB (connect-mongo on the app's own mongoose client). */
export function sessionMiddleware(opts: SessionOptions, log?: Logger): RequestHandler {
  const idleSeconds = Math.max(1, Math.round(opts.idleMs / 1000));
  const store = createSessionStore({
    client: mongoose.connection.getClient(),
    dbName: mongoose.connection.name,
    idleSeconds,
    onSweepError: (err) => log?.warn({ err }, 'expired-session sweep failed'),
  });
  return session({
    name: SESSION_COOKIE,
    secret: opts.secret,
    store,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    unset: 'destroy',
    proxy: undefined,
    cookie: { httpOnly: true, sameSite: 'lax', secure: opts.cookieSecure, maxAge: opts.idleMs, path: '/' },
  });
}

export function sessionUserOf(u: UserDoc) {
  return { id: String(u._id), email: u.email, role: u.role as Role, name: u.name ?? null };
}

/** Binds the signed-in user to a fresh session id, at the user's current epoch. */
export async function startSession(req: Request, u: Pick<UserDoc, '_id' | 'sessionEpoch'>): Promise<void> {
  await new Promise<void>((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
  req.session.userId = String(u._id);
  req.session.epoch = u.sessionEpoch ?? 0;
  await new Promise<void>((resolve, reject) => req.session.save((err) => (err ? reject(err) : resolve())));
}

/**
 * The session's user, read now; null (and the session destroyed) when there is none, the user is
 * disabled or gone, or their password, role or disabled flag changed since this session began.
 */
export async function currentUser(req: Request): Promise<UserDoc | null> {
  const id = req.session?.userId;
  if (!id) return null;
  const u = await User.findById(id).lean<UserDoc>();
  if (u && !u.disabled && (u.sessionEpoch ?? 0) === (req.session.epoch ?? 0)) return u;
  await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
  return null;
}

export const PASSWORD_CHANGE_REQUIRED = 'password_change_required';

/**
 * Every request after this has a signed-in, enabled user in `req.user`. The user is read on each
 * request, so a role change or a disabled account takes effect at once. A user still on a one-time
 * password gets 403 `password_change_required` until they change it (POST /api/auth/password).
 */
export const requireSession: RequestHandler = async (req, _res, next) => {
  if (!req.session?.userId) throw new HttpError(401, 'sign in first');
  const u = await currentUser(req);
  if (!u) throw new HttpError(401, 'your session has ended; sign in again');
  if (u.mustChangePassword) throw new HttpError(403, 'change the one-time password first (POST /api/auth/password)', PASSWORD_CHANGE_REQUIRED);
  req.user = sessionUserOf(u);
  next();
};

/** Only these roles pass (after `requireSession`). */
export function allow(...roles: Role[]): RequestHandler {
  return (req, _res, next) => {
    if (!req.user) throw new HttpError(401, 'sign in first');
    if (!roles.includes(req.user.role)) throw new HttpError(403, `this needs the ${roles.join(' or ')} role; you are ${req.user.role}`);
    next();
  };
}

/** Viewers read: any method that changes something is refused before a route sees it. */
export const viewersReadOnly: RequestHandler = (req, _res, next) => {
  if (req.user?.role === 'viewer' && !['GET', 'HEAD', 'OPTIONS'].includes(req.method)) throw new HttpError(403, 'viewers can only read');
  next();
};
