// Once, on start: files messages stored before conversations existed (each with its own status,
// assignee and labels) into conversations, without loss. Every step is idempotent (derived ids,
// whole-document writes), so a run cut short is simply run again on the next start; the marker is
// written last.
import mongoose, { Types } from 'mongoose';
import type { Status } from '@inbox/contract';
import { Conversation } from '../models/conversation.ts';
import { Message } from '../models/message.ts';
import { conversationId } from '../conversations/ids.ts';
import { changeStatus, recordReply, startConversation, type ConversationState, type MessageFacts } from '../conversations/state.ts';
import { postingsOf, writePostings } from '../search/postings.ts';
import { chunksOf } from '../db/chunked.ts';
import { recount } from '../services/counts.ts';
import type { Logger } from '../logger.ts';

export const MIGRATION_ID = 'conversations-v1';

/** A message as stored before conversations: status, assignee and labels lived on it. */
interface LegacyMessage extends MessageFacts {
  status?: Status;
  assignee?: string | null;
  labels?: string[];
  tokens?: string[];
  updatedAt?: Date;
}

interface LegacyReply {
  _id: Types.ObjectId;
  mention: Types.ObjectId;
  status: string;
  sentAt: Date | null;
}

const STATUS_RANK: Record<Status, number> = { open: 2, pending: 1, closed: 0 };

/** The conversation a group of legacy messages (one thread) and their sent replies make. */
export function conversationFromLegacy(id: Types.ObjectId, messages: LegacyMessage[], sentReplies: Date[], now: Date): ConversationState {
  let c = startConversation(id, messages, now);
  for (const at of [...sentReplies].sort((a, b) => a.getTime() - b.getTime())) c = recordReply(c, at, false, now);
  // The most urgent status any of its messages had: one open message keeps the thread open.
  const status = messages.map((m) => m.status ?? 'open').sort((a, b) => STATUS_RANK[b] - STATUS_RANK[a])[0] ?? 'open';
  c = changeStatus(c, status, now);
  const byRecency = [...messages].sort((a, b) => (b.updatedAt ?? b.createdAt).getTime() - (a.updatedAt ?? a.createdAt).getTime());
  c.assignee = byRecency.find((m) => m.assignee)?.assignee?.toLowerCase() ?? null;
  c.labels = [...new Set(messages.flatMap((m) => m.labels ?? []))].slice(0, 20);
  return c;
}

async function dropIndexIfThere(collection: string, name: string): Promise<void> {
  try {
    await mongoose.connection.db!.collection(collection).dropIndex(name);
  } catch {
    // Absent already (a fresh database, or a second run).
  }
}

export async function migrateToConversations(log?: Logger): Promise<{ migrated: number; conversations: number } | null> {
  const db = mongoose.connection.db!;
  const markers = db.collection<{ _id: string; doneAt: Date }>('migrations');
  if (await markers.findOne({ _id: MIGRATION_ID })) return null;
  const started = Date.now();
  const now = new Date();

  // 1. Group the legacy messages (no `conversation` yet) by thread. One pass over them, once.
  const groups = new Map<string, { id: Types.ObjectId; messages: LegacyMessage[] }>();
  for await (const m of Message.collection.find({ conversation: { $exists: false } }) as AsyncIterable<LegacyMessage>) {
    const id = conversationId(m.account, m.threadKey);
    const g = groups.get(id.toHexString()) ?? { id, messages: [] };
    g.messages.push({ ...m, subject: (m as { subject?: string | null }).subject ?? null, dueAt: m.dueAt ?? null });
    groups.set(id.toHexString(), g);
  }
  const legacyCount = [...groups.values()].reduce((n, g) => n + g.messages.length, 0);

  // 2. Replies pointed at a message (`mention`); they now also name the conversation.
  const replies = db.collection('replies');
  const legacyReplies = (await replies.find({ mention: { $exists: true }, conversation: { $exists: false } }).toArray()) as unknown as LegacyReply[];
  const repliesByMessage = new Map<string, LegacyReply[]>();
  for (const r of legacyReplies) repliesByMessage.set(String(r.mention), [...(repliesByMessage.get(String(r.mention)) ?? []), r]);

  for (const g of groups.values()) {
    const sent = g.messages.flatMap((m) => (repliesByMessage.get(m._id.toHexString()) ?? []).filter((r) => r.status === 'sent' && r.sentAt).map((r) => new Date(r.sentAt!)));
    const existing = await Conversation.findById(g.id).lean<{ rev: number }>();
    const state = conversationFromLegacy(g.id, g.messages, sent, now);
    await Conversation.collection.replaceOne({ _id: g.id }, { ...state, rev: (existing?.rev ?? 0) + 1 }, { upsert: true });
    for (const part of chunksOf(g.messages)) {
      await Message.collection.updateMany({ _id: { $in: part.map((m) => m._id) } }, { $set: { conversation: g.id, applied: true } });
    }
    await writePostings(g.messages.flatMap((m) => postingsOf({ _id: m._id, conversation: g.id, createdAt: m.createdAt, tokens: m.tokens ?? [] })));
    for (const m of g.messages) {
      const ids = (repliesByMessage.get(m._id.toHexString()) ?? []).map((r) => r._id);
      for (const part of chunksOf(ids)) await replies.updateMany({ _id: { $in: part } }, { $set: { conversation: g.id, message: m._id } });
    }
  }

  // 3. Indexes of the old model that nothing reads any more (the old unique one on replies would
  //    also refuse two new replies with the same key in different conversations).
  for (const name of ['receivedAt_-1__id_-1', 'priority_-1_receivedAt_-1__id_-1', 'account_1_threadKey_1_createdAt_1', 'tokens_1']) await dropIndexIfThere('mentions', name);
  for (const name of ['mention_1_key_1', 'mention_1_createdAt_1']) await dropIndexIfThere('replies', name);

  await recount();
  await markers.updateOne({ _id: MIGRATION_ID }, { $set: { doneAt: new Date() } }, { upsert: true });
  if (legacyCount > 0) log?.info({ messages: legacyCount, conversations: groups.size, ms: Date.now() - started }, 'migrated messages into conversations');
  return { migrated: legacyCount, conversations: groups.size };
}
