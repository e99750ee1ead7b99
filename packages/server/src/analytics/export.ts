// `GET /api/export.csv`: one row per message, written as it is read (batches of BATCH messages, never
// the whole export in memory), with back-pressure from the response.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { Types } from 'mongoose';
import type { z } from 'zod';
import type { ExportQuery } from '@inbox/contract';
import { Message } from '../models/message.ts';
import { Conversation } from '../models/conversation.ts';
import { Account } from '../models/account.ts';
import { PUSHDOWN } from '../db/pushdown.ts';
import { listConversations } from '../services/queue.ts';
import { BOM, csvLine } from './csv.ts';

const BATCH = 500;
const CONVERSATION_PAGE = 100;

export const EXPORT_HEADER = ['time', 'network', 'account', 'author', 'language', 'sentiment', 'sentiment_score', 'complaint', 'complaint_reasons', 'status', 'assignee', 'text', 'link'];

interface Row {
  _id: Types.ObjectId;
  conversation: Types.ObjectId;
  account: Types.ObjectId;
  network: string;
  author: { id: string; handle?: string | null; name?: string | null };
  lang: string;
  createdAt: Date;
  sentiment: { label: string; score: number };
  complaint: { flag: boolean; reasons?: string[] };
  text: string;
  url?: string | null;
}
interface Conv {
  status: string;
  assignee: string | null;
}

const FIELDS = { conversation: 1, account: 1, network: 1, author: 1, lang: 1, createdAt: 1, 'sentiment.label': 1, 'sentiment.score': 1, 'complaint.flag': 1, 'complaint.reasons': 1, text: 1, url: 1 };

/** Messages with their conversation, in batches: by `_id` for everything, else the queue's conversations in its order. */
async function* batches(q: z.output<typeof ExportQuery>, me: string | null): AsyncGenerator<{ messages: Row[]; conversations: Map<string, Conv> }> {
  const filtered = Object.entries(q).some(([k, v]) => k !== 'order' && v !== undefined);
  if (!filtered) {
    // Every message, any status: by `_id` from the last one read, so arrivals during the export cannot shift it.
    let after: Types.ObjectId | null = null;
    for (;;) {
      const messages: Row[] = await Message.find(after ? { _id: { $gt: after } } : {}, FIELDS).sort({ _id: 1 }).limit(BATCH).comment(PUSHDOWN).lean<Row[]>();
      if (messages.length === 0) return;
      after = messages.at(-1)!._id;
      const ids = [...new Set(messages.map((m) => m.conversation.toHexString()))].map((s) => new Types.ObjectId(s));
      const convs = await Conversation.find({ _id: { $in: ids } }, { status: 1, assignee: 1 }).lean<Array<Conv & { _id: Types.ObjectId }>>();
      yield { messages, conversations: new Map(convs.map((c) => [c._id.toHexString(), c])) };
      if (messages.length < BATCH) return;
    }
  }
  let cursor: string | undefined;
  do {
    const page = await listConversations({ ...q, limit: CONVERSATION_PAGE, ...(cursor ? { cursor } : {}) }, me);
    for (const c of page.data) {
      const conversations = new Map([[c.id, { status: c.status, assignee: c.assignee }]]);
      const id = new Types.ObjectId(c.id);
      let from: Row | null = null;
      for (;;) {
        const filter: Record<string, unknown> = { conversation: id };
        if (from) filter.$or = [{ createdAt: { $gt: from.createdAt } }, { createdAt: from.createdAt, _id: { $gt: from._id } }];
        const messages = await Message.find(filter, FIELDS).sort({ createdAt: 1, _id: 1 }).limit(BATCH).comment(PUSHDOWN).lean<Row[]>();
        if (messages.length > 0) yield { messages, conversations };
        if (messages.length < BATCH) break;
        from = messages.at(-1)!;
      }
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

/** Writes the CSV to `out`; stops early when the client went away. */
export async function writeExport(out: Writable, q: z.output<typeof ExportQuery>, me: string | null): Promise<void> {
  const accounts = new Map((await Account.find({}, { name: 1 }).lean<Array<{ _id: Types.ObjectId; name: string }>>()).map((a) => [a._id.toHexString(), a.name]));
  out.write(BOM + csvLine(EXPORT_HEADER));
  for await (const { messages, conversations } of batches(q, me)) {
    let chunk = '';
    for (const m of messages) {
      const c = conversations.get(m.conversation.toHexString());
      chunk += csvLine([
        m.createdAt.toISOString(),
        m.network,
        accounts.get(m.account.toHexString()) ?? m.account.toHexString(),
        m.author.handle ?? m.author.name ?? m.author.id,
        m.lang,
        m.sentiment.label,
        m.sentiment.score,
        m.complaint.flag,
        (m.complaint.reasons ?? []).join('; '),
        c?.status ?? '',
        c?.assignee ?? '',
        m.text,
        m.url ?? '',
      ]);
    }
    if (out.destroyed) return;
    if (!out.write(chunk)) await Promise.race([once(out, 'drain'), once(out, 'close')]);
  }
}
