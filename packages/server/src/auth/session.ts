import { createHmac } from 'node:crypto';
import type { RequestHandler } from 'express';
import session from 'express-session';
import MongoStore from 'connect-mongo';
import mongoose from 'mongoose';
import { HttpError } from '../errors.ts';
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

/** express-session with its store in MongoDB (connect-mongo on the app's own mongoose client). */
export function sessionMiddleware(opts: SessionOptions): RequestHandler {
  const idleSeconds = Math.max(1, Math.round(opts.idleMs / 1000));
  const store = MongoStore.create({
    client: mongoose.connection.getClient() as never,
    collectionName: 'sessions',
    ttl: idleSeconds,
    // FerretDB has no TTL indexes: expired sessions are deleted every 10 minutes (an unref'd
    // timer), and refused on read either way (connect-mongo reads only `expires > now`).
    autoRemove: 'interval',
    autoRemoveInterval: 10,
    // At most one store write per this many seconds per session (the cookie still rolls each time).
    touchAfter: Math.min(60, Math.floor(idleSeconds / 10)),
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

/**
 * Every request after this has a signed-in, enabled user in `req.user`. The user is read on each
 * request, so a role change or a disabled account takes effect at once.
 */
export const requireSession: RequestHandler = async (req, _res, next) => {
  const id = req.session?.userId;
  if (!id) throw new HttpError(401, 'sign in first');
  const u = await User.findById(id).lean<UserDoc>();
  if (!u || u.disabled) {
    await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
    throw new HttpError(401, 'your session has ended; sign in again');
  }
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
