import { Router, type Request } from 'express';
import { z } from 'zod';
import { BulkBody, ComplaintCorrectionBody, NoteBody, PresenceBody } from '@inbox/contract/team';
import type { EventBus } from '../../events/bus.ts';
import type { Logger } from '../../logger.ts';
import { allow } from '../../auth/session.ts';
import { audit } from '../../audit/log.ts';
import { addNote } from '../../services/notes.ts';
import { correctComplaint } from '../../services/complaint-corrections.ts';
import { applyBulk } from '../../services/bulk.ts';
import { getConversation } from '../../services/conversations.ts';
import type { PresenceBoard } from '../../services/presence.ts';
import type { StoredConversation } from '../../services/conversation-store.ts';
import { toPublicConversation, toPublicMessage } from '../../present/conversation.ts';
import { NoQuery, ObjectIdString } from '../validate.ts';

const IdParams = z.object({ id: ObjectIdString }).strict();

/** The audit entries of one conversation change, the same for PATCH and bulk. */
export async function auditChange(req: Request, before: StoredConversation, after: StoredConversation, log: Logger, extra: Record<string, unknown> = {}): Promise<void> {
  const target = { type: 'conversation', id: after._id.toHexString(), label: `${after.network}:${after.threadKey}` };
  if (after.status !== before.status) await audit(req, { action: 'conversation.status', target, details: { from: before.status, status: after.status, ...extra } }, log);
  if (after.assignee !== before.assignee) await audit(req, { action: 'conversation.assign', target, details: { from: before.assignee, assignee: after.assignee, ...extra } }, log);
  if (after.labels.join('\0') !== before.labels.join('\0')) await audit(req, { action: 'conversation.labels', target, details: { labels: after.labels, ...extra } }, log);
}

/** Notes, complaint corrections, bulk actions and presence: thin routes over their services. */
export function teamworkRouter(deps: { bus: EventBus; log: Logger; presence: PresenceBoard }): Router {
  const r = Router();

  r.post('/conversations/bulk', allow('agent', 'admin'), async (req, res) => {
    NoQuery.parse(req.query);
    const body = BulkBody.parse(req.body);
    const results = await applyBulk(body.ids, body.action, req.user!.email, deps.bus);
    for (const o of results) if (o.before && o.after) await auditChange(req, o.before, o.after, deps.log, { bulk: true });
    res.json({ data: results.map((o) => ({ id: o.id, ok: o.ok, error: o.error, ...(o.after ? { conversation: toPublicConversation(o.after) } : {}) })) });
  });

  r.post('/conversations/:id/notes', allow('agent', 'admin'), async (req, res) => {
    const { id } = IdParams.parse(req.params);
    NoQuery.parse(req.query);
    const { text } = NoteBody.parse(req.body);
    const note = await addNote(id, text, req.user ? { email: req.user.email, name: req.user.name } : null, deps.bus);
    // The audit names the note, not its words: notes can hold what customers told the team.
    await audit(req, { action: 'conversation.note', target: { type: 'conversation', id }, details: { note: note.id, chars: text.length } }, deps.log);
    res.status(201).json({ data: note });
  });

  r.post('/conversations/:id/presence', allow('agent', 'admin'), async (req, res) => {
    const { id } = IdParams.parse(req.params);
    NoQuery.parse(req.query);
    const { state } = PresenceBody.parse(req.body);
    if (state !== 'left') await getConversation(id);
    res.json({ data: deps.presence.set(id, { email: req.user!.email, name: req.user!.name }, state) });
  });

  r.patch('/messages/:id/complaint', allow('agent', 'admin'), async (req, res) => {
    const { id } = IdParams.parse(req.params);
    NoQuery.parse(req.query);
    const { flag } = ComplaintCorrectionBody.parse(req.body);
    const out = await correctComplaint(id, flag, req.user ?? null, deps.bus);
    await audit(req, { action: 'message.complaint', target: { type: 'message', id, label: `${out.message.network}:${out.message.externalId}` }, details: { from: out.before, complaint: flag, conversation: out.conversation._id.toHexString() } }, deps.log);
    res.json({ data: { message: toPublicMessage(out.message), conversation: toPublicConversation(out.conversation) } });
  });

  return r;
}
