import mongoose from 'mongoose';
import { isConnectorError, type ConnectorRegistry, type IncomingMention } from '@inbox/connectors';
import { Account, type AccountDoc } from '../models/account.ts';
import { ingest } from '../ingest/pipeline.ts';
import { contextFor } from '../accounts/context.ts';
import type { EventBus } from '../events/bus.ts';
import type { SecretBox } from '../secrets/cipher.ts';
import { RawDelivery, type RawDeliveryDoc } from './raw-delivery.ts';
import { mentionsOfPollPage, settleRaw } from './record.ts';

export interface ReplaySummary {
  deliveries: number;
  mentions: number;
  inserted: number;
  duplicates: number;
  failed: number;
  errors: string[];
}

/**
 * Re-processes the archived bodies of one account received in [from, to], oldest first, through the
 * current connector and ingest. Idempotent: ingest is keyed on (account, externalId), so what was
 * stored before is counted as a duplicate, never stored twice. A body that still fails is reported
 * and left failed; the rest go on.
 */
export async function replayRange(deps: { registry: ConnectorRegistry; box: SecretBox; bus?: EventBus }, accountId: string, from: Date, to: Date): Promise<ReplaySummary> {
  const account = await Account.findById(accountId).lean<AccountDoc>();
  if (!account) throw new Error(`no account ${accountId}`);
  const rows = await RawDelivery.find({ account: new mongoose.Types.ObjectId(accountId), receivedAt: { $gte: from, $lte: to } })
    .sort({ receivedAt: 1, _id: 1 })
    .lean<RawDeliveryDoc[]>();
  const summary: ReplaySummary = { deliveries: 0, mentions: 0, inserted: 0, duplicates: 0, failed: 0, errors: [] };
  const { connector, ctx } = contextFor(deps.registry, deps.box, account);
  for (const row of rows) {
    summary.deliveries++;
    const problems: string[] = [];
    let mentions: IncomingMention[];
    try {
      if (row.source === 'poll') mentions = mentionsOfPollPage(row.body);
      else {
        if (!connector.webhook) throw new Error(`${account.network} has no webhooks`);
        mentions = await connector.webhook.parse(ctx, { method: 'POST', headers: {}, query: {}, rawBody: Buffer.from(row.body, 'utf8'), report: (p) => problems.push(p) });
      }
    } catch (err) {
      const message = isConnectorError(err) || err instanceof Error ? err.message : String(err);
      summary.failed++;
      summary.errors.push(`${String(row._id)}: ${message}`);
      await settleRaw(row._id, { ok: false, error: message }, true);
      continue;
    }
    const stored = await ingest(account, mentions, deps.bus);
    summary.mentions += mentions.length;
    summary.inserted += stored.inserted;
    summary.duplicates += stored.duplicates;
    await settleRaw(row._id, { ok: true, mentions: mentions.length, problems }, true);
  }
  return summary;
}
