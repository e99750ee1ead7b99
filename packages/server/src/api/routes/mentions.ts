import { Router } from 'express';
import { Types } from 'mongoose';
import { z } from 'zod';
import { NETWORKS, isConnectorError, type ConnectorRegistry } from '@inbox/connectors';
import { Mention, SENTIMENT_LABELS, STATUSES, type MentionDoc } from '../../models/mention.ts';
import { Reply, toPublicReply, type ReplyDoc } from '../../models/reply.ts';
import { Account, type AccountDoc } from '../../models/account.ts';
import { searchTokens } from '../../search/tokens.ts';
import type { EventBus } from '../../events/bus.ts';
import type { SecretBox } from '../../secrets/cipher.ts';
import { contextFor } from '../../jobs/account-context.ts';
import { HttpError } from '../errors.ts';
import { toPublicMention } from '../present.ts';
import { NoQuery, ObjectIdString, QueryBool } from '../validate.ts';
import { allow } from '../../auth/session.ts';
import { audit } from '../../audit/log.ts';
import type { Logger } from '../../logger.ts';

const ListQuery = z
  .object({
    network: z.enum(NETWORKS).optional(),
    account: ObjectIdString.optional(),
    complaint: QueryBool.optional(),
    sentiment: z.enum(SENTIMENT_LABELS).optional(),
    status: z.enum(STATUSES).optional(),
    visibility: z.enum(['public', 'private']).optional(),
    lang: z.string().regex(/^[a-z]{2,3}$/, 'must be a 2-3 letter language code').optional(),
    q: z.string().max(200).optional(),
    order: z.enum(['newest', 'priority']).default('newest'),
    cursor: z.string().max(400).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(30),
  })
  .strict();

const CursorSchema = z.object({ p: z.number().optional(), r: z.string().datetime(), i: ObjectIdString });
type Cursor = z.infer<typeof CursorSchema>;

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}
function decodeCursor(s: string): Cursor {
  try {
    return CursorSchema.parse(JSON.parse(Buffer.from(s, 'base64url').toString('utf8')));
  } catch {
    throw new HttpError(400, 'cursor: not a cursor this API returned');
  }
}

const PatchBody = z
  .object({
    status: z.enum(STATUSES).optional(),
    assignee: z.string().trim().min(1).max(200).nullable().optional(),
    labels: z.array(z.string().trim().min(1).max(50)).max(20).optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'nothing to change: send status, assignee or labels');

const ReplyBody = z
  .object({
    text: z.string().trim().min(1, 'text: must not be empty').max(2000),
    /** Made once per draft by the client; a retried send with the same key is not posted twice. */
    key: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8-64 letters, digits, _ or -'),
  })
  .strict();

const IdParams = z.object({ id: ObjectIdString }).strict();

export function mentionsRouter(deps: { bus: EventBus; registry: ConnectorRegistry; box: SecretBox; log: Logger }): Router {
  const r = Router();

  r.get('/mentions', async (req, res) => {
    const q = ListQuery.parse(req.query);
    const filter: Record<string, unknown> = {};
    if (q.network) filter.network = q.network;
    if (q.account) filter.account = new Types.ObjectId(q.account);
    if (q.complaint !== undefined) filter['complaint.flag'] = q.complaint;
    if (q.sentiment) filter['sentiment.label'] = q.sentiment;
    if (q.status) filter.status = q.status;
    if (q.visibility) filter.visibility = q.visibility;
    if (q.lang) filter.lang = q.lang;
    if (q.q) {
      const tokens = searchTokens(q.q);
      if (tokens.length) filter.tokens = { $all: tokens };
    }
    const and: Record<string, unknown>[] = [filter];
    if (q.cursor) {
      const c = decodeCursor(q.cursor);
      const r0 = new Date(c.r);
      const i0 = new Types.ObjectId(c.i);
      const afterTime = [{ receivedAt: { $lt: r0 } }, { receivedAt: r0, _id: { $lt: i0 } }];
      if (q.order === 'priority') {
        if (c.p === undefined) throw new HttpError(400, 'cursor: belongs to the other order');
        and.push({ $or: [{ priority: { $lt: c.p } }, ...afterTime.map((t) => ({ priority: c.p, ...t }))] });
      } else {
        and.push({ $or: afterTime });
      }
    }
    const sort: Record<string, 1 | -1> = q.order === 'priority' ? { priority: -1, receivedAt: -1, _id: -1 } : { receivedAt: -1, _id: -1 };
    const rows = await Mention.find(and.length > 1 ? { $and: and } : filter)
      .sort(sort)
      .limit(q.limit + 1)
      .lean<MentionDoc[]>();
    const page = rows.slice(0, q.limit);
    const last = page.at(-1);
    const nextCursor =
      rows.length > q.limit && last
        ? encodeCursor({ ...(q.order === 'priority' ? { p: last.priority } : {}), r: last.receivedAt.toISOString(), i: String(last._id) })
        : null;
    res.json({ data: page.map(toPublicMention), nextCursor });
  });

  r.get('/mentions/:id', async (req, res) => {
    const { id } = IdParams.parse(req.params);
    NoQuery.parse(req.query);
    const m = await Mention.findById(id).lean<MentionDoc>();
    if (!m) throw new HttpError(404, `no mention ${id}`);
    const thread = await Mention.find({ account: m.account, threadKey: m.threadKey }).sort({ createdAt: 1 }).limit(200).lean<MentionDoc[]>();
    const ids = thread.some((t) => String(t._id) === id) ? thread.map((t) => t._id) : [...thread.map((t) => t._id), m._id];
    const replies = await Reply.find({ mention: { $in: ids } }).sort({ createdAt: 1 }).lean<ReplyDoc[]>();
    const repliesOf = (mid: unknown) => replies.filter((x) => String(x.mention) === String(mid)).map(toPublicReply);
    res.json({
      data: {
        ...toPublicMention(m),
        replies: repliesOf(m._id),
        thread: thread.map((t) => ({ ...toPublicMention(t), replies: repliesOf(t._id) })),
      },
    });
  });

  r.patch('/mentions/:id', allow('agent', 'admin'), async (req, res) => {
    const { id } = IdParams.parse(req.params);
    NoQuery.parse(req.query);
    const body = PatchBody.parse(req.body);
    const m = await Mention.findByIdAndUpdate(id, { $set: { ...body, updatedAt: new Date() } }, { returnDocument: 'after' }).lean<MentionDoc>();
    if (!m) throw new HttpError(404, `no mention ${id}`);
    const pub = toPublicMention(m);
    deps.bus.publish({ type: 'mention.updated', mention: pub });
    const target = { type: 'mention', id, label: `${m.network}:${m.externalId}` };
    if (body.status) await audit(req, { action: 'mention.status', target, details: { status: body.status } }, deps.log);
    if (body.assignee !== undefined) await audit(req, { action: 'mention.assign', target, details: { assignee: body.assignee } }, deps.log);
    if (body.labels) await audit(req, { action: 'mention.labels', target, details: { labels: body.labels } }, deps.log);
    res.json({ data: pub });
  });

  r.post('/mentions/:id/replies', allow('agent', 'admin'), async (req, res) => {
    const { id } = IdParams.parse(req.params);
    NoQuery.parse(req.query);
    const body = ReplyBody.parse(req.body);
    const m = await Mention.findById(id).lean<MentionDoc>();
    if (!m) throw new HttpError(404, `no mention ${id}`);
    const account = await Account.findById(m.account).lean<AccountDoc>();
    if (!account) throw new HttpError(409, 'the account this mention came from was removed');

    // Claim the key: the unique (mention, key) index lets exactly one request send this draft.
    let reply: ReplyDoc | null = null;
    try {
      reply = (await Reply.create({ mention: m._id, account: m.account, key: body.key, text: body.text, status: 'sending', by: req.user?.email ?? null, createdAt: new Date() })).toObject() as ReplyDoc;
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
      const existing = await Reply.findOne({ mention: m._id, key: body.key }).lean<ReplyDoc>();
      if (!existing) throw err;
      if (existing.status !== 'failed') {
        // Already sent or being sent: answer with it, post nothing again.
        res.status(existing.status === 'sent' ? 200 : 202).json({ data: toPublicReply(existing) });
        return;
      }
      // A failed attempt may be retried, with the draft's current text; claim it back atomically. The
      // same idempotency key goes to the network, so where it honours keys a post that did go
      // through is not repeated.
      reply = await Reply.findOneAndUpdate({ _id: existing._id, status: 'failed' }, { $set: { status: 'sending', error: null, text: body.text } }, { returnDocument: 'after' }).lean<ReplyDoc>();
      if (!reply) {
        res.status(202).json({ data: toPublicReply(existing) });
        return;
      }
    }

    try {
      const { connector, ctx } = contextFor(deps.registry, deps.box, account);
      const sent = await connector.reply(ctx, m.replyTarget as never, reply.text, `${String(m._id)}:${body.key}`);
      const done = await Reply.findByIdAndUpdate(reply._id, { $set: { status: 'sent', externalId: sent.externalId, sentAt: new Date() } }, { returnDocument: 'after' }).lean<ReplyDoc>();
      const updated = await Mention.findByIdAndUpdate(
        m._id,
        { $inc: { replyCount: 1 }, $set: { lastReplyAt: new Date(), updatedAt: new Date(), ...(m.status === 'open' ? { status: 'pending' } : {}) } },
        { returnDocument: 'after' },
      ).lean<MentionDoc>();
      if (updated) deps.bus.publish({ type: 'mention.updated', mention: toPublicMention(updated) });
      await audit(req, { action: 'mention.reply', target: { type: 'mention', id, label: `${m.network}:${m.externalId}` }, details: { reply: String(reply._id), status: 'sent' } }, deps.log);
      res.status(201).json({ data: done ? toPublicReply(done) : null });
    } catch (err) {
      const message = isConnectorError(err) ? `${err.code}: ${err.message}` : 'could not send the reply';
      const failed = await Reply.findByIdAndUpdate(reply._id, { $set: { status: 'failed', error: message.slice(0, 500) } }, { returnDocument: 'after' }).lean<ReplyDoc>();
      await audit(req, { action: 'mention.reply', target: { type: 'mention', id, label: `${m.network}:${m.externalId}` }, details: { reply: String(reply._id), status: 'failed' } }, deps.log);
      const status = isConnectorError(err) && err.code === 'rate_limited' ? 429 : 502;
      res.status(status).json({ error: `the network refused the reply (${message}); the draft is kept, send again to retry`, data: failed ? toPublicReply(failed) : null });
    }
  });

  return r;
}
