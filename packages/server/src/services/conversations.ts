// What the team does to a conversation: read it with its messages and replies, change its status,
// assignee or labels. Routes and jobs call these; each change is audited by the caller's context.
import { Types } from 'mongoose';
import type { z } from 'zod';
import type { ConversationDetail, PatchConversationBody } from '@inbox/contract';
import { Message } from '../models/message.ts';
import type { NewMessageDoc as MessageDoc } from '../ingest/normalize.ts';
import { Reply, type ReplyDoc } from '../models/reply.ts';
import { PUSHDOWN } from '../db/pushdown.ts';
import { HttpError } from '../errors.ts';
import { changeStatus, type ConversationState } from '../conversations/state.ts';
import { toPublicConversation, toPublicMessage, toPublicReply } from '../present/conversation.ts';
import type { EventBus } from '../events/bus.ts';
import { loadConversation, mutateConversation, type StoredConversation } from './conversation-store.ts';
import { notesOf } from './notes.ts';

/** Messages shown per conversation (the newest ones when there are more). */
export const THREAD_MAX = 500;

export async function getConversation(id: string): Promise<StoredConversation> {
  const c = await loadConversation(new Types.ObjectId(id));
  if (!c) throw new HttpError(404, `no conversation ${id}`);
  return c;
}

/** One conversation with its messages and replies, oldest first. */
export async function conversationDetail(id: string): Promise<ConversationDetail> {
  const c = await getConversation(id);
  const [newestFirst, replies, notes] = await Promise.all([
    Message.find({ conversation: c._id }).sort({ createdAt: -1, _id: -1 }).limit(THREAD_MAX).comment(PUSHDOWN).lean<MessageDoc[]>(),
    Reply.find({ conversation: c._id }).sort({ createdAt: 1, _id: 1 }).limit(THREAD_MAX * 2).comment(PUSHDOWN).lean<ReplyDoc[]>(),
    notesOf(c._id),
  ]);
  const byMessage = new Map<string, ReplyDoc[]>();
  for (const r of replies) {
    const k = String(r.message);
    byMessage.set(k, [...(byMessage.get(k) ?? []), r]);
  }
  const messages = newestFirst.reverse().map((m) => ({ ...toPublicMessage(m), replies: (byMessage.get(String(m._id)) ?? []).map(toPublicReply) }));
  return { ...toPublicConversation(c), messages, notes };
}

type Patch = z.output<typeof PatchConversationBody>;

/** Status, assignee and labels, in one exactly-once write; returns the conversation before and after. */
export async function patchConversation(id: string, patch: Patch, bus?: EventBus): Promise<{ before: StoredConversation; after: StoredConversation }> {
  const now = new Date();
  const { before, after } = await mutateConversation(new Types.ObjectId(id), (cur) => {
    if (!cur) return null;
    let next: ConversationState = { ...cur, updatedAt: now };
    if (patch.assignee !== undefined) next.assignee = patch.assignee === null ? null : patch.assignee.toLowerCase();
    if (patch.labels) next.labels = [...new Set(patch.labels)];
    if (patch.status) next = changeStatus(next, patch.status, now);
    return next;
  });
  if (!before || !after) throw new HttpError(404, `no conversation ${id}`);
  bus?.publish({ type: 'conversation.updated', conversation: toPublicConversation(after) });
  return { before, after };
}
