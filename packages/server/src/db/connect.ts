import path from 'node:path';
import mongoose from 'mongoose';
import { Message } from '../models/message.ts';
import { Conversation } from '../models/conversation.ts';
import { SearchPosting } from '../models/search-posting.ts';
import { Account } from '../models/account.ts';
import { Reply } from '../models/reply.ts';
import { ensureFerretdbBinary, startFerretdb, type EmbeddedDb } from './embedded-ferretdb.ts';

export interface Database {
  uri: string;
  embedded: EmbeddedDb | null;
  close(): Promise<void>;
}

/**
 * Connects mongoose to MONGODB_URI, or to the embedded FerretDB (built and started here) when none
 * is given, and makes sure the indexes our guarantees rest on (unique account+externalId) exist.
 */
export async function openDatabase(opts: { mongoUri?: string; dataDir: string; dbName?: string; log?: (m: string) => void }): Promise<Database> {
  let embedded: EmbeddedDb | null = null;
  let uri = opts.mongoUri;
  if (!uri) {
    const binary = await ensureFerretdbBinary(opts.log);
    embedded = await startFerretdb({ binary, dbDir: path.join(opts.dataDir, 'db') });
    uri = embedded.uri;
  }
  try {
    await mongoose.connect(uri, { dbName: opts.dbName ?? 'inbox', serverSelectionTimeoutMS: 10_000, autoIndex: false });
    await Promise.all([Message.createIndexes(), Conversation.createIndexes(), SearchPosting.createIndexes(), Account.createIndexes(), Reply.createIndexes()]);
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
  return {
    uri,
    embedded,
    async close() {
      await mongoose.disconnect();
      await embedded?.stop();
    },
  };
}
