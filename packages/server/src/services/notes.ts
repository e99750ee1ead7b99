// Internal notes: the team's own words on a conversation. Stored beside it, never sent anywhere.
import { Types } from 'mongoose';
import type { Note as PublicNote } from '@inbox/contract';
import { Note, type NoteDoc } from '../models/note.ts';
import { PUSHDOWN } from '../db/pushdown.ts';
import type { EventBus } from '../events/bus.ts';
import { HttpError } from '../errors.ts';
import { loadConversation } from './conversation-store.ts';

/** Notes shown per conversation (the newest ones when there are more). */
export const NOTES_MAX = 500;

export function toPublicNote(n: Pick<NoteDoc, '_id' | 'conversation' | 'text' | 'by' | 'byName' | 'createdAt'>): PublicNote {
  return { id: String(n._id), conversation: String(n.conversation), text: n.text, by: n.by ?? null, byName: n.byName ?? null, createdAt: new Date(n.createdAt).toISOString() };
}

export async function addNote(conversationId: string, text: string, author: { email: string; name: string | null } | null, bus?: EventBus): Promise<PublicNote> {
  const c = await loadConversation(new Types.ObjectId(conversationId));
  if (!c) throw new HttpError(404, `no conversation ${conversationId}`);
  const doc = await Note.create({ conversation: c._id, text, by: author?.email ?? null, byName: author?.name ?? null, createdAt: new Date() });
  const note = toPublicNote(doc.toObject());
  bus?.publish({ type: 'note.created', note });
  return note;
}

/** A conversation's notes, oldest first. */
export async function notesOf(conversationId: Types.ObjectId): Promise<PublicNote[]> {
  const newestFirst = await Note.find({ conversation: conversationId }).sort({ createdAt: -1, _id: -1 }).limit(NOTES_MAX).comment(PUSHDOWN).lean<NoteDoc[]>();
  return newestFirst.reverse().map(toPublicNote);
}
