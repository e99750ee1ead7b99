import { Router } from 'express';
import { z } from 'zod';
import { ListConversationsQuery, PatchConversationBody, ReplyBody } from '@inbox/contract';
import type { ConnectorRegistry } from '@inbox/connectors';
import type { EventBus } from '../../events/bus.ts';
import type { SecretBox } from '../../secrets/cipher.ts';
import type { Logger } from '../../logger.ts';
import { allow } from '../../auth/session.ts';
import { audit } from '../../audit/log.ts';
import { listConversations } from '../../services/queue.ts';
import { conversationDetail, patchConversation } from '../../services/conversations.ts';
import { queueCounts } from '../../services/counts.ts';
import { sendReply } from '../../services/replies.ts';
import { toPublicConversation, toPublicReply } from '../../present/conversation.ts';
import { NoQuery, ObjectIdString } from '../validate.ts';

const IdParams = z.object({ id: ObjectIdString }).strict();

/** The queue: thin routes over services/queue.ts, services/conversations.ts and services/replies.ts. */
export function conversationsRouter(deps: { bus: EventBus; registry: ConnectorRegistry; box: SecretBox; log: Logger }): Router {
  const r = Router();

  r.get('/conversations', async (req, res) => {
    const q = ListConversationsQuery.parse(req.query);
    res.json(await listConversations(q, req.user?.email ?? null));
  });

  r.get('/conversations/counts', async (req, res) => {
    NoQuery.parse(req.query);
    res.json({ data: await queueCounts() });
  });

  r.get('/conversations/:id', async (req, res) => {
    const { id } = IdParams.parse(req.params);
    NoQuery.parse(req.query);
    res.json({ data: await conversationDetail(id) });
  });

  r.patch('/conversations/:id', allow('agent', 'admin'), async (req, res) => {
    const { id } = IdParams.parse(req.params);
    NoQuery.parse(req.query);
    const body = PatchConversationBody.parse(req.body);
    const { before, after } = await patchConversation(id, body, deps.bus);
    const target = { type: 'conversation', id, label: `${after.network}:${after.threadKey}` };
    if (body.status && body.status !== before.status) await audit(req, { action: 'conversation.status', target, details: { from: before.status, status: body.status } }, deps.log);
    if (body.assignee !== undefined && (body.assignee?.toLowerCase() ?? null) !== before.assignee) {
      await audit(req, { action: 'conversation.assign', target, details: { from: before.assignee, assignee: after.assignee } }, deps.log);
    }
    if (body.labels) await audit(req, { action: 'conversation.labels', target, details: { labels: after.labels } }, deps.log);
    res.json({ data: toPublicConversation(after) });
  });

  r.post('/conversations/:id/replies', allow('agent', 'admin'), async (req, res) => {
    const { id } = IdParams.parse(req.params);
    NoQuery.parse(req.query);
    const body = ReplyBody.parse(req.body);
    const out = await sendReply(deps, id, body, req.user?.email ?? null);
    if (out.kind === 'already') {
      // Already sent or being sent: answer with it, post nothing again.
      res.status(out.reply.status === 'sent' ? 200 : 202).json({ data: toPublicReply(out.reply) });
      return;
    }
    const target = { type: 'conversation', id, label: null };
    await audit(req, { action: 'conversation.reply', target, details: { reply: String(out.reply._id), status: out.kind, ...(out.kind === 'sent' && body.close ? { closed: true } : {}) } }, deps.log);
    if (out.kind === 'failed') {
      res.status(out.rateLimited ? 429 : 502).json({ error: `the network refused the reply (${out.error}); the draft is kept, send again to retry`, data: toPublicReply(out.reply) });
      return;
    }
    res.status(201).json({ data: toPublicReply(out.reply) });
  });

  return r;
}
