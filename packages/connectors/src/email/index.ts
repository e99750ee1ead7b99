// Email connector: IMAP polling, SMTP replies. See DESIGN.md "Connector contract".
import { ConnectorError } from '../core/errors.ts';
import type { Connector, ConnectorContext, IncomingMention } from '../core/types.ts';
import { emailCredentialsSchema, imapServer, smtpServer, type EmailCredentials } from './credentials.ts';
import { formatCursor, parseCursor } from './cursor.ts';
import { closeImap, fetchNew, imapError, openImap } from './imap.ts';
import { isOwnMessage, parseEmail, unreadableMention } from './parse.ts';
import { automatedKind } from './automated.ts';
import { buildReply, sendReply, verifySmtp } from './smtp-reply.ts';

export { emailCredentialsSchema, type EmailCredentials } from './credentials.ts';
export { parseEmail, isOwnMessage, stripQuoted, UNKNOWN_SENDER } from './parse.ts';
export { automatedKind, type AutomatedKind } from './automated.ts';
export { startInboundSmtp, type InboundEnvelope, type InboundSmtpOptions, type InboundSmtpHandle } from './inbound-smtp.ts';
export { normalizeMessageId, parseIdList, threadKeyOf, replySubject, replyMessageId } from './threading.ts';
export { formatCursor, parseCursor } from './cursor.ts';

export interface EmailConnectorOptions {
  /** Messages fetched per poll; `more: true` while further UIDs remain. */
  batchSize?: number;
  pollIntervalMs?: number;
}

type Ctx = ConnectorContext<EmailCredentials>;

function credentialsOf(ctx: Ctx): EmailCredentials {
  const r = emailCredentialsSchema.safeParse(ctx.credentials);
  if (!r.success) {
    const fields = r.error.issues.map((i) => i.path.join('.') || '(root)').join(', ');
    throw new ConnectorError('invalid', `email: invalid credentials (${fields})`);
  }
  return r.data;
}

export function createEmailConnector(opts: EmailConnectorOptions = {}): Connector<typeof emailCredentialsSchema> {
  const batchSize = Math.max(1, opts.batchSize ?? 50);
  return {
    network: 'email',
    displayName: 'Email (IMAP / SMTP)',
    credentials: emailCredentialsSchema,
    pollIntervalMs: opts.pollIntervalMs ?? 60_000,

    async check(ctx) {
      const c = credentialsOf(ctx);
      const client = await openImap(imapServer(c, ctx.endpoints), ctx.signal);
      try {
        await client.status(c.mailbox, { messages: true });
      } catch (e) {
        throw imapError(e, `mailbox "${c.mailbox}"`);
      } finally {
        await closeImap(client);
      }
      await verifySmtp(smtpServer(c, ctx.endpoints));
      return { id: c.address.toLowerCase(), handle: c.address };
    },

    async poll(ctx, cursor) {
      const c = credentialsOf(ctx);
      const prev = parseCursor(cursor);
      const client = await openImap(imapServer(c, ctx.endpoints), ctx.signal);
      let batch;
      try {
        batch = await fetchNew(client, c.mailbox, prev?.uidValidity ?? null, prev?.lastUid ?? 0, batchSize);
      } finally {
        await closeImap(client);
      }
      const mentions: IncomingMention[] = [];
      const skipped: Record<string, number> = {};
      for (const m of batch.messages) {
        let mention: IncomingMention;
        try {
          mention = await parseEmail(m.source, c.address, m.internalDate ? { fallbackDate: m.internalDate } : {});
        } catch (e) {
          // One unreadable message must neither block the mailbox nor vanish: hand it over as such.
          mention = unreadableMention(m.source, (e as Error).message, m.internalDate);
        }
        if (isOwnMessage(mention, c.address)) continue;
        // Bounces and auto-replies are not customer mail: counted, not stored.
        const auto = automatedKind(mention);
        if (auto) {
          skipped[auto] = (skipped[auto] ?? 0) + 1;
          continue;
        }
        mentions.push(mention);
      }
      return {
        mentions,
        ...(Object.keys(skipped).length > 0 ? { skipped } : {}),
        cursor: formatCursor({ uidValidity: batch.uidValidity, lastUid: batch.lastUid }),
        more: batch.more,
      };
    },

    async reply(ctx, target, text, idempotencyKey) {
      const c = credentialsOf(ctx);
      const out = buildReply(c.address, target, text, idempotencyKey);
      const externalId = await sendReply(smtpServer(c, ctx.endpoints), out);
      return { externalId };
    },
  };
}

export const emailConnector = createEmailConnector();
