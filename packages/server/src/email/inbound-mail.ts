import { ConnectorError, automatedKind, isOwnMessage, parseEmail, startInboundSmtp } from '@inbox/connectors';
import { Account, type AccountDoc } from '../models/account.ts';
import { ingest } from '../ingest/pipeline.ts';
import type { EventBus } from '../events/bus.ts';
import type { Logger } from '../logger.ts';

const MAX_BYTES = 10 * 1024 * 1024;

/**
 * The inbound SMTP listener for mail forwarded to Inbox. A message is acknowledged (250) only after
 * it is stored for every connected mailbox it was addressed to; a storage failure answers 451 so the
 * sending MTA retries. The same mail also seen by IMAP polling is stored once (same Message-ID).
 */
export async function startInboundMail(deps: { host: string; port: number; bus: EventBus; log: Logger }): Promise<{ port: number; close(): Promise<void> }> {
  return startInboundSmtp({
    host: deps.host,
    port: deps.port,
    maxBytes: MAX_BYTES,
    async onMessage(raw, envelope) {
      const rcpts = envelope.rcptTo.map((r) => r.toLowerCase());
      const accounts = await Account.find({ network: 'email', enabled: true, 'identity.id': { $in: rcpts } }).lean<AccountDoc[]>();
      if (accounts.length === 0) throw new ConnectorError('invalid', 'no connected mailbox for these recipients');
      for (const account of accounts) {
        const address = account.identity?.id ?? '';
        const mention = await parseEmail(raw, address, { envelopeFrom: envelope.mailFrom });
        if (isOwnMessage(mention, address)) continue;
        // Bounces and auto-replies are accepted (250, so the sender stops) but not stored as customer mail.
        const auto = automatedKind(mention);
        if (auto) {
          deps.log.info({ accountId: String(account._id), skipped: auto }, 'inbound mail skipped: machine-written');
          continue;
        }
        const r = await ingest(account, [mention], deps.bus);
        deps.log.debug({ accountId: String(account._id), stored: r.inserted }, 'inbound mail');
      }
    },
  });
}
