// Canned replies: admins keep them, agents insert them (variables are filled in the browser with
// the contract's fillCannedReply, from the conversation on screen).
import { Types } from 'mongoose';
import type { z } from 'zod';
import type { CannedReply as PublicCannedReply, CannedReplyBody, PatchCannedReplyBody } from '@inbox/contract';
import { CannedReply, type CannedReplyDoc } from '../models/canned-reply.ts';
import { PUSHDOWN } from '../db/pushdown.ts';
import { HttpError } from '../errors.ts';

/** Canned replies listed (a team keeps a few dozen). */
export const CANNED_MAX = 200;

export function toPublicCanned(c: CannedReplyDoc): PublicCannedReply {
  return { id: String(c._id), title: c.title, text: c.text, updatedBy: c.updatedBy ?? null, updatedAt: new Date(c.updatedAt).toISOString() };
}

export async function listCanned(): Promise<PublicCannedReply[]> {
  const docs = await CannedReply.find({}).sort({ title: 1, _id: 1 }).limit(CANNED_MAX).comment(PUSHDOWN).lean<CannedReplyDoc[]>();
  return docs.map(toPublicCanned);
}

export async function createCanned(body: z.output<typeof CannedReplyBody>, by: string | null): Promise<PublicCannedReply> {
  const now = new Date();
  const doc = await CannedReply.create({ ...body, updatedBy: by, createdAt: now, updatedAt: now });
  return toPublicCanned(doc.toObject());
}

export async function updateCanned(id: string, patch: z.output<typeof PatchCannedReplyBody>, by: string | null): Promise<PublicCannedReply> {
  const doc = await CannedReply.findOneAndUpdate({ _id: new Types.ObjectId(id) }, { $set: { ...patch, updatedBy: by, updatedAt: new Date() } }, { returnDocument: 'after' }).lean<CannedReplyDoc>();
  if (!doc) throw new HttpError(404, `no canned reply ${id}`);
  return toPublicCanned(doc);
}

export async function deleteCanned(id: string): Promise<PublicCannedReply> {
  const doc = await CannedReply.findOneAndDelete({ _id: new Types.ObjectId(id) }).lean<CannedReplyDoc>();
  if (!doc) throw new HttpError(404, `no canned reply ${id}`);
  return toPublicCanned(doc);
}
