import type { z } from 'zod';
import { ConnectorError, safeEqual, verifyHexSha256Header, type WebhookRequest, type WebhookVerdict } from '../core/index.ts';

export const SIGNATURE_HEADER = 'x-hub-signature-256';

/**
 * Meta webhooks (Pages, Messenger, Instagram):
 * - GET `?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…` is the subscription check: answer the
 *   challenge verbatim when the verify token matches, 403 otherwise;
 * - POST carries `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body keyed with the app secret>`.
 */
export function verifyMetaWebhook(req: WebhookRequest, appSecret: string, verifyToken: string): WebhookVerdict {
  const method = req.method.toUpperCase();
  if (method === 'GET') {
    const mode = req.query['hub.mode'];
    const token = req.query['hub.verify_token'];
    const challenge = req.query['hub.challenge'];
    if (mode !== 'subscribe' || challenge === undefined) {
      return { type: 'reject', status: 400, reason: 'GET webhook without hub.mode=subscribe and hub.challenge' };
    }
    if (!token || !safeEqual(token, verifyToken)) return { type: 'reject', status: 403, reason: 'hub.verify_token does not match' };
    return { type: 'challenge', status: 200, contentType: 'text/plain', body: challenge };
  }
  if (method !== 'POST') return { type: 'reject', status: 400, reason: `unexpected ${method} on a Meta webhook` };
  const sig = req.headers[SIGNATURE_HEADER];
  if (!sig) return { type: 'reject', status: 401, reason: 'missing X-Hub-Signature-256' };
  if (!verifyHexSha256Header(appSecret, req.rawBody, sig)) {
    return { type: 'reject', status: 401, reason: 'X-Hub-Signature-256 does not match the body' };
  }
  return { type: 'accept' };
}

/** JSON-decodes and validates a body; any problem is ConnectorError('invalid') with the first issue named. */
export function parseJson<T>(schema: z.ZodType<T>, raw: Buffer | string, what: string): T {
  let json: unknown;
  try {
    json = JSON.parse(typeof raw === 'string' ? raw : raw.toString('utf8'));
  } catch {
    throw new ConnectorError('invalid', `${what}: body is not JSON`);
  }
  return validate(schema, json, what);
}

export function validate<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value);
  if (!r.success) {
    const first = r.error.issues[0];
    throw new ConnectorError('invalid', `malformed ${what}: ${first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'invalid'}`);
  }
  return r.data;
}

/** Graph times: ISO 8601 with `+0000` offsets, or unix seconds (webhooks). Returns unix seconds. */
export function graphTimeToSeconds(v: string | number): number {
  if (typeof v === 'number') return v > 1e12 ? Math.floor(v / 1000) : Math.floor(v);
  const iso = v.replace(/([+-]\d\d)(\d\d)$/, '$1:$2');
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) throw new ConnectorError('invalid', `unparseable Graph time "${v}"`);
  return Math.floor(ms / 1000);
}

export function graphTimeToIso(v: string | number): string {
  if (typeof v === 'number') return new Date(v > 1e12 ? v : v * 1000).toISOString();
  return new Date(graphTimeToSeconds(v) * 1000).toISOString();
}
