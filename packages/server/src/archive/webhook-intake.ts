import type mongoose from 'mongoose';
import { isConnectorError, type Connector, type ConnectorContext, type IncomingMention, type WebhookRequest } from '@inbox/connectors';
import type { Logger } from '../logger.ts';
import { archiveRaw, recordParseFailure, settleRaw } from './record.ts';

export interface Intake {
  mentions: IncomingMention[];
  /** Marks the archived body processed, once its mentions are stored. */
  settle(): Promise<void>;
}

/**
 * Archives a signed webhook body, then parses it. A delivery that cannot be read at all (the
 * connector's `invalid`) is marked failed in the archive, logged without its body and counted on the
 * account, then rethrown (the route answers 400); parts skipped as malformed are counted the same way
 * while the rest is kept. Other failures (a Graph lookup that timed out) are rethrown as they are:
 * the body stays `received` in the archive and the network delivers it again.
 */
export async function parseArchived(
  log: Logger,
  account: { _id: mongoose.Types.ObjectId; network: string },
  connector: Connector,
  ctx: ConnectorContext,
  req: WebhookRequest,
): Promise<Intake> {
  const id = await archiveRaw(account, 'webhook', req.rawBody.toString('utf8'));
  const problems: string[] = [];
  let mentions: IncomingMention[];
  try {
    mentions = await connector.webhook!.parse(ctx, { ...req, report: (p) => problems.push(p) });
  } catch (err) {
    if (isConnectorError(err) && err.code === 'invalid') {
      await settleRaw(id, { ok: false, error: err.message });
      await recordParseFailure(account, err.message, log, id);
    }
    throw err;
  }
  if (problems.length > 0) await recordParseFailure(account, `${problems.length} part(s) skipped: ${problems.join('; ')}`, log, id);
  return { mentions, settle: () => settleRaw(id, { ok: true, mentions: mentions.length, problems }) };
}
