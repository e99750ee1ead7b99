import { PUSHDOWN } from '../../db/pushdown.ts';
import { Router } from 'express';
import { Types } from 'mongoose';
import { z } from 'zod';
import { Audit, AUDIT_ACTIONS, toPublicAudit, type AuditDoc } from '../../models/audit.ts';
import { allow } from '../../auth/session.ts';
import { ObjectIdString } from '../validate.ts';

const ListQuery = z
  .object({
    action: z.enum(AUDIT_ACTIONS).optional(),
    /** The `nextCursor` of the previous page: the id of its last entry. */
    cursor: ObjectIdString.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

/** Admin only, read only: the API has no route that changes or removes an entry. */
export function auditRouter(): Router {
  const r = Router();
  r.get('/audit', allow('admin'), async (req, res) => {
    const q = ListQuery.parse(req.query);
    const filter: Record<string, unknown> = {};
    if (q.action) filter.action = q.action;
    // Entries are ordered by _id (creation order); a cursor continues below the last id seen.
    if (q.cursor) filter._id = { $lt: new Types.ObjectId(q.cursor) };
    const rows = await Audit.find(filter).sort({ _id: -1 }).limit(q.limit + 1).comment(PUSHDOWN).lean<AuditDoc[]>();
    const page = rows.slice(0, q.limit);
    res.json({ data: page.map(toPublicAudit), nextCursor: rows.length > q.limit ? String(page.at(-1)!._id) : null });
  });
  return r;
}
