// One action on a selection of conversations, each applied by the same service as a single
// change, one after another; each id answers for itself, so one missing conversation does not
// stop the rest.
import { Types } from 'mongoose';
import type { z } from 'zod';
import type { BulkAction, BulkResult } from '@inbox/contract';
import { HttpError } from '../errors.ts';
import { toPublicConversation } from '../present/conversation.ts';
import type { EventBus } from '../events/bus.ts';
import { mutateConversation, type StoredConversation } from './conversation-store.ts';
import { patchConversation } from './conversations.ts';

export type Action = z.output<typeof BulkAction>;

/** Adds one label, keeping the others (PATCH replaces the whole list; a selection has different ones). */
export async function addLabel(id: string, label: string, bus?: EventBus): Promise<{ before: StoredConversation; after: StoredConversation }> {
  const now = new Date();
  const { before, after, changed } = await mutateConversation(new Types.ObjectId(id), (cur) => (!cur || cur.labels.includes(label) ? null : { ...cur, labels: [...cur.labels, label], updatedAt: now }));
  if (!before || !after) throw new HttpError(404, `no conversation ${id}`);
  if (changed) bus?.publish({ type: 'conversation.updated', conversation: toPublicConversation(after) });
  return { before, after };
}

export interface BulkOutcome extends BulkResult {
  before?: StoredConversation;
  after?: StoredConversation;
}

export async function applyBulk(ids: string[], action: Action, me: string, bus?: EventBus): Promise<BulkOutcome[]> {
  const out: BulkOutcome[] = [];
  for (const id of [...new Set(ids)]) {
    try {
      const { before, after } =
        action.type === 'label'
          ? await addLabel(id, action.label, bus)
          : await patchConversation(id, action.type === 'close' ? { status: 'closed' } : { assignee: action.assignee === 'me' ? me : action.assignee }, bus);
      out.push({ id, ok: true, error: null, before, after });
    } catch (err) {
      out.push({ id, ok: false, error: err instanceof HttpError ? err.message : 'could not be changed; try again' });
    }
  }
  return out;
}
