// An agent's "Complaint" / "Not a complaint" on a message: the message's flag changes, its
// conversation's complaint, priority, reasons and reply-by follow, and the message is kept as a
// labelled example for training (models/complaint-correction.ts, `npm run export:corrections`).
import { Types } from 'mongoose';
import { AGENT_FLAGGED_REASON } from '@inbox/contract';
import { Message } from '../models/message.ts';
import type { NewMessageDoc as MessageDoc } from '../ingest/normalize.ts';
import { ComplaintCorrection } from '../models/complaint-correction.ts';
import { HttpError } from '../errors.ts';
import { mentionPriority } from '../ingest/priority.ts';
import { PUBLIC_COMPLAINT_SLA_MS } from '../ingest/normalize.ts';
import { refreshUrgency } from '../conversations/state.ts';
import { toPublicConversation } from '../present/conversation.ts';
import type { EventBus } from '../events/bus.ts';
import { mutateConversation, type StoredConversation } from './conversation-store.ts';

export interface CorrectionOutcome {
  before: boolean;
  message: MessageDoc;
  conversation: StoredConversation;
}

/** Sets a message's complaint flag as an agent says; the same flag again changes nothing but is still recorded. */
export async function correctComplaint(messageId: string, flag: boolean, by: { id: string } | null, bus?: EventBus): Promise<CorrectionOutcome> {
  const _id = new Types.ObjectId(messageId);
  const m = await Message.findById(_id).lean<MessageDoc>();
  if (!m) throw new HttpError(404, `no message ${messageId}`);
  const before = m.complaint.flag;
  // A flag an agent set needs a reason to show; the scorer's own reasons stay when it agreed.
  const reasons = flag && m.complaint.reasons.length === 0 ? [AGENT_FLAGGED_REASON] : m.complaint.reasons;
  const complaint = { flag, score: m.complaint.score, reasons };
  const dueAt = flag && m.visibility === 'public' ? new Date(m.createdAt.getTime() + PUBLIC_COMPLAINT_SLA_MS) : null;
  const priority = mentionPriority({ complaint, visibility: m.visibility, author: m.author, createdAt: m.createdAt }, m.receivedAt);
  // One document by `_id`: the message's own scores.
  await Message.updateOne({ _id }, { $set: { complaint, dueAt, priority } });

  const now = new Date();
  const { after } = await mutateConversation(m.conversation, (cur) => {
    if (!cur) return null;
    const waiting = cur.waiting.map((w) => (w.id.equals(_id) ? { ...w, flag, reasons, dueAt } : w));
    const lastMessage = cur.lastMessage.id.equals(_id) ? { ...cur.lastMessage, complaint: flag } : cur.lastMessage;
    const base = { ...cur, waiting, lastMessage };
    const next = refreshUrgency(base, now);
    const changed = next !== base || waiting.some((w, i) => w !== cur.waiting[i]) || lastMessage !== cur.lastMessage;
    return changed ? { ...next, updatedAt: now } : null;
  });
  if (!after) throw new HttpError(404, `no conversation for message ${messageId}`);
  await ComplaintCorrection.create({ text: m.text, lang: m.lang, complaint: flag, messageId, by: by?.id ?? null, at: now });
  bus?.publish({ type: 'conversation.updated', conversation: toPublicConversation(after) });
  return { before, message: { ...m, complaint, dueAt, priority }, conversation: after };
}
