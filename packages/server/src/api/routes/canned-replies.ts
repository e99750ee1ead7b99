import { Router } from 'express';
import { z } from 'zod';
import { CannedReplyBody, PatchCannedReplyBody } from '@inbox/contract/team';
import type { Logger } from '../../logger.ts';
import { allow } from '../../auth/session.ts';
import { audit } from '../../audit/log.ts';
import { createCanned, deleteCanned, listCanned, updateCanned } from '../../services/canned-replies.ts';
import { NoQuery, ObjectIdString } from '../validate.ts';

const IdParams = z.object({ id: ObjectIdString }).strict();

/** Canned replies: everyone signed in reads them, admins change them. */
export function cannedRepliesRouter(deps: { log: Logger }): Router {
  const r = Router();
  r.get('/canned-replies', async (req, res) => {
    NoQuery.parse(req.query);
    res.json({ data: await listCanned() });
  });
  r.post('/canned-replies', allow('admin'), async (req, res) => {
    NoQuery.parse(req.query);
    const c = await createCanned(CannedReplyBody.parse(req.body), req.user?.email ?? null);
    await audit(req, { action: 'canned.create', target: { type: 'canned-reply', id: c.id, label: c.title } }, deps.log);
    res.status(201).json({ data: c });
  });
  r.patch('/canned-replies/:id', allow('admin'), async (req, res) => {
    const { id } = IdParams.parse(req.params);
    NoQuery.parse(req.query);
    const body = PatchCannedReplyBody.parse(req.body);
    const c = await updateCanned(id, body, req.user?.email ?? null);
    await audit(req, { action: 'canned.update', target: { type: 'canned-reply', id, label: c.title }, details: { fields: Object.keys(body) } }, deps.log);
    res.json({ data: c });
  });
  r.delete('/canned-replies/:id', allow('admin'), async (req, res) => {
    const { id } = IdParams.parse(req.params);
    NoQuery.parse(req.query);
    const c = await deleteCanned(id);
    await audit(req, { action: 'canned.delete', target: { type: 'canned-reply', id, label: c.title } }, deps.log);
    res.json({ data: c });
  });
  return r;
}
