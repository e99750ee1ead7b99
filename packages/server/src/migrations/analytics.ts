// Once, on start, before the server takes traffic: the dashboard's bucket counters for data stored
// before they existed. Sums every counted message (and every conversation's first response) in
// memory, one entry per bucket, then stores the sums with `$set`, so a run cut short is simply run
// again; the marker is written last. Reply-by compliance of old replies is not recorded anywhere,
// so it starts at zero.
import mongoose from 'mongoose';
import { Message } from '../models/message.ts';
import { Conversation } from '../models/conversation.ts';
import { AnalyticsDeltas, type CountedMessage } from '../analytics/buckets.ts';
import type { Logger } from '../logger.ts';

export const ANALYTICS_MIGRATION_ID = 'analytics-buckets-v1';

export async function backfillAnalytics(log: Logger): Promise<{ messages: number; responses: number } | null> {
  const db = mongoose.connection.db;
  if (!db) throw new Error('database connection has no db handle');
  const markers = db.collection<{ _id: string; doneAt: Date }>('migrations');
  if (await markers.findOne({ _id: ANALYTICS_MIGRATION_ID })) return null;
  const deltas = new AnalyticsDeltas();
  let messages = 0;
  const fields = { createdAt: 1, network: 1, lang: 1, account: 1, 'sentiment.label': 1, 'complaint.flag': 1 };
  // `applied: false` ones are counted when they are delivered again (ingest/pipeline.ts).
  for await (const m of Message.find({ applied: { $ne: false } }, fields).lean<CountedMessage[]>().cursor({ batchSize: 1000 })) {
    deltas.addMessage(m as CountedMessage);
    messages++;
  }
  let responses = 0;
  for await (const c of Conversation.find({ firstResponseAt: { $ne: null } }, { firstResponseAt: 1, firstResponseMs: 1 }).lean<Array<{ firstResponseAt: Date; firstResponseMs: number | null }>>().cursor({ batchSize: 1000 })) {
    deltas.addResponse(c.firstResponseAt, c.firstResponseMs ?? 0, null);
    responses++;
  }
  await deltas.flush({ replace: true });
  await markers.updateOne({ _id: ANALYTICS_MIGRATION_ID }, { $set: { doneAt: new Date() } }, { upsert: true });
  if (messages > 0) log.info({ messages, responses }, 'dashboard counters filled from the stored messages');
  return { messages, responses };
}
