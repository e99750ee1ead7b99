import { Router } from 'express';
import { z } from 'zod';
import { ROLES, User, toPublicUser, type UserDoc } from '../../models/user.ts';
import { allow } from '../../auth/session.ts';
import { createUser, otherActiveAdmins } from '../../auth/users.ts';
import { hashPassword } from '../../auth/passwords.ts';
import { audit } from '../../audit/log.ts';
import type { Logger } from '../../logger.ts';
import { HttpError } from '../errors.ts';
import { Email, NoQuery, ObjectIdString, Password } from '../validate.ts';

const CreateBody = z
  .object({
    email: Email,
    name: z.string().trim().min(1).max(100).nullable().optional(),
    role: z.enum(ROLES),
    password: Password,
  })
  .strict();

const PatchBody = z
  .object({
    name: z.string().trim().min(1).max(100).nullable().optional(),
    role: z.enum(ROLES).optional(),
    disabled: z.boolean().optional(),
    password: Password.optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'nothing to change: send name, role, disabled or password');

const IdParams = z.object({ id: ObjectIdString }).strict();

/** Admin only: list, create, change role, disable or enable, set a password. */
export function usersRouter(deps: { log: Logger }): Router {
  const r = Router();
  r.use('/users', allow('admin'));

  r.get('/users', async (req, res) => {
    NoQuery.parse(req.query);
    const users = await User.find().sort({ email: 1 }).limit(1000).lean<UserDoc[]>();
    res.json({ data: users.map(toPublicUser) });
  });

  r.post('/users', async (req, res) => {
    NoQuery.parse(req.query);
    const body = CreateBody.parse(req.body);
    const u = await createUser(body);
    await audit(req, { action: 'user.create', target: { type: 'user', id: String(u._id), label: u.email }, details: { role: u.role } }, deps.log);
    res.status(201).json({ data: toPublicUser(u) });
  });

  r.patch('/users/:id', async (req, res) => {
    NoQuery.parse(req.query);
    const { id } = IdParams.parse(req.params);
    const body = PatchBody.parse(req.body);
    const before = await User.findById(id).lean<UserDoc>();
    if (!before) throw new HttpError(404, `no user ${id}`);
    const losesAdmin = before.role === 'admin' && !before.disabled && ((body.role && body.role !== 'admin') || body.disabled === true);
    if (losesAdmin && (await otherActiveAdmins(id)) === 0) throw new HttpError(409, 'this is the last active admin: make another admin first');
    const set: Record<string, unknown> = {};
    if (body.name !== undefined) set.name = body.name;
    if (body.role) set.role = body.role;
    if (body.disabled !== undefined) set.disabled = body.disabled;
    if (body.password) set.passwordHash = await hashPassword(body.password);
    // A new password, role or disabled flag ends every session the user has.
    const endsSessions =
      body.password !== undefined || (body.role !== undefined && body.role !== before.role) || (body.disabled !== undefined && body.disabled !== Boolean(before.disabled));
    const u = await User.findByIdAndUpdate(id, { $set: set, ...(endsSessions ? { $inc: { sessionEpoch: 1 } } : {}) }, { returnDocument: 'after' }).lean<UserDoc>();
    if (!u) throw new HttpError(404, `no user ${id}`);
    const target = { type: 'user', id, label: u.email };
    if (body.role && body.role !== before.role) await audit(req, { action: 'user.role', target, details: { from: before.role, to: body.role } }, deps.log);
    if (body.disabled !== undefined && body.disabled !== Boolean(before.disabled)) await audit(req, { action: body.disabled ? 'user.disable' : 'user.enable', target }, deps.log);
    if (body.password) await audit(req, { action: 'user.password', target }, deps.log);
    res.json({ data: toPublicUser(u) });
  });

  return r;
}
