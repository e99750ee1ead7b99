import express, { Router } from 'express';
import { z } from 'zod';
import { NETWORKS, isConnectorError, type ConnectorRegistry, type WebhookRequest } from '@inbox/connectors';
import { Account, type AccountDoc } from '../../models/account.ts';
import { ingest } from '../../ingest/pipeline.ts';
import type { EventBus } from '../../events/bus.ts';
import type { SecretBox } from '../../secrets/cipher.ts';
import type { Logger } from '../../logger.ts';
import { contextFor } from '../../accounts/context.ts';
import { parseArchived } from '../../archive/webhook-intake.ts';
import { HttpError } from '../errors.ts';
import { ObjectIdString } from '../validate.ts';
import { FailureWindow } from '../failure-window.ts';

const Params = z.object({ network: z.enum(NETWORKS), accountId: ObjectIdString });
const MAX_BODY = '1mb';

/**
 * `/webhooks/:network/:accountId`: the signature is checked on the raw bytes before anything is
 * parsed or stored; a refused delivery is logged without its body.
 */
export function webhooksRouter(deps: { registry: ConnectorRegistry; box: SecretBox; bus: EventBus; log: Logger; failedPerMinute?: number }): Router {
  const r = Router();
  // Refused deliveries (bad signature, unknown hook) have their own allowance per address, so a
  // forger never uses up the genuine deliveries' (which count only when they succeed).
  const failures = new FailureWindow(deps.failedPerMinute ?? 600, 60_000);
  const tooManyRefused = (req: express.Request, res: express.Response): boolean => {
    const { over, retryAfterSeconds } = failures.hit(req.ip ?? 'unknown');
    if (over) res.status(429).set('retry-after', String(retryAfterSeconds)).json({ error: 'too many refused webhook deliveries; try again later' });
    return over;
  };
  r.all('/:network/:accountId', express.raw({ type: () => true, limit: MAX_BODY }), async (req, res) => {
    const { network, accountId } = Params.parse(req.params);
    const account = await Account.findById(accountId).lean<AccountDoc>();
    if (!account || account.network !== network || !account.enabled) {
      if (tooManyRefused(req, res)) return;
      throw new HttpError(404, 'no such webhook');
    }
    const { connector, ctx } = contextFor(deps.registry, deps.box, account);
    if (!connector.webhook) throw new HttpError(404, `${network} has no webhooks`);

    const headers: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(',') : v;
    const query: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(req.query)) if (typeof v === 'string') query[k] = v;
    const wreq: WebhookRequest = {
      method: req.method,
      headers,
      query,
      rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
    };

    const verdict = connector.webhook.verify(ctx, wreq);
    if (verdict.type === 'challenge') {
      res.status(verdict.status).type(verdict.contentType).send(verdict.body);
      return;
    }
    if (verdict.type === 'reject') {
      deps.log.warn({ network, accountId, status: verdict.status, bytes: wreq.rawBody.length }, `webhook refused: ${verdict.reason}`);
      if (tooManyRefused(req, res)) return;
      res.status(verdict.status).json({ error: verdict.reason });
      return;
    }
    // Archived before parsing (archive/webhook-intake.ts): a delivery that fails can be replayed.
    let intake;
    try {
      intake = await parseArchived(deps.log, account, connector, ctx, wreq);
    } catch (err) {
      if (isConnectorError(err) && err.code === 'invalid') throw new HttpError(400, err.message);
      throw err;
    }
    const { mentions } = intake;
    const stored = await ingest(account, mentions, deps.bus);
    await intake.settle();
    res.status(200).json({ received: mentions.length, stored: stored.inserted, duplicates: stored.duplicates });
  });
  return r;
}
