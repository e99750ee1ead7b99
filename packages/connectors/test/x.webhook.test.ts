import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConnectorError, type ConnectorContext, type IncomingMention, type WebhookRequest } from '../src/core/index.ts';
import { createXConnector, type XCredentials } from '../src/x/index.ts';
import { startXEmulator, type XEmulatorHandle } from '../sandbox/x/index.ts';

let emu: XEmulatorHandle;
let ctx: ConnectorContext<XCredentials>;
const connector = createXConnector({ mentionsPageSize: 5, dmPageSize: 5 });
const hook = connector.webhook!;

beforeEach(async () => {
  emu = await startXEmulator({ seed: 11 });
  ctx = { accountId: 'acct-x', credentials: emu.credentials, endpoints: emu.endpoints };
});
afterEach(async () => {
  await emu.close();
});

const signed = (body: string, secret = emu.credentials.appSecret): WebhookRequest => ({
  method: 'POST',
  headers: {
    'content-type': 'application/json',
    'x-twitter-webhooks-signature': 'sha256=' + createHmac('sha256', secret).update(body).digest('base64'),
  },
  query: {},
  rawBody: Buffer.from(body),
});

async function parseInvalid(req: WebhookRequest): Promise<ConnectorError> {
  expect(hook.verify(ctx, req)).toEqual({ type: 'accept' });
  try {
    await hook.parse(ctx, req);
  } catch (e) {
    expect(e).toBeInstanceOf(ConnectorError);
    expect((e as ConnectorError).code).toBe('invalid');
    return e as ConnectorError;
  }
  throw new Error('expected parse to throw');
}

/** A tiny receiver that does what the server's webhook route does: verify, then parse. */
async function receiver() {
  const received: IncomingMention[][] = [];
  const rejected: string[] = [];
  const srv: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const wr: WebhookRequest = {
        method: req.method ?? 'GET',
        headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v])),
        query: Object.fromEntries(url.searchParams),
        rawBody: Buffer.concat(chunks),
      };
      const v = hook.verify(ctx, wr);
      if (v.type === 'challenge') return void res.writeHead(v.status, { 'content-type': v.contentType }).end(v.body);
      if (v.type === 'reject') {
        rejected.push(v.reason);
        return void res.writeHead(v.status).end();
      }
      received.push((await hook.parse(ctx, wr)));
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(srv.address() as AddressInfo).port}/webhooks/x`;
  return { url, received, rejected, close: () => new Promise<void>((r) => srv.close(() => r())) };
}

describe('x connector: Account Activity webhooks', () => {
  it('answers the CRC with sha256=base64(HMAC-SHA256(consumer secret, crc_token))', () => {
    const crc = 'a1b2c3-challenge';
    const v = hook.verify(ctx, { method: 'GET', headers: {}, query: { crc_token: crc }, rawBody: Buffer.alloc(0) });
    const expected = 'sha256=' + createHmac('sha256', emu.credentials.appSecret).update(crc).digest('base64');
    expect(v).toEqual({ type: 'challenge', status: 200, contentType: 'application/json', body: JSON.stringify({ response_token: expected }) });
    expect(hook.verify(ctx, { method: 'GET', headers: {}, query: {}, rawBody: Buffer.alloc(0) })).toMatchObject({ type: 'reject', status: 400 });
  });

  it('answers only CRC tokens shaped like X\'s, so no CRC answer can sign a delivery (the signing oracle)', async () => {
    const crc = (token: string) => hook.verify(ctx, { method: 'GET', headers: {}, query: { crc_token: token }, rawBody: Buffer.alloc(0) });
    // X's own shape (the base64 of a UUID) is answered.
    expect(crc(Buffer.from('3dd82dfc-b9db-46d8-940e-3bcc903d8244').toString('base64'))).toMatchObject({ type: 'challenge', status: 200 });
    // The attack: a delivery body as the token, its answer as the delivery's signature.
    const body = JSON.stringify({ for_user_id: emu.brand.id, tweet_create_events: [] });
    for (const token of [body, '{}', 'short', 'a'.repeat(129), 'has space in it 12345', 'line\nbreak-1234567890']) {
      expect(crc(token)).toMatchObject({ type: 'reject', status: 400 });
    }
    // Even an answered token signs nothing: a body that is not a JSON object is never a delivery.
    const token = 'eyJmb3JfdXNlcl9pZCI6IjEifQ';
    const v = crc(token);
    expect(v.type).toBe('challenge');
    const answer = JSON.parse((v as { body: string }).body).response_token as string;
    const replay: WebhookRequest = { method: 'POST', headers: { 'x-twitter-webhooks-signature': answer }, query: {}, rawBody: Buffer.from(token) };
    expect(hook.verify(ctx, replay)).toMatchObject({ type: 'reject', status: 400 });
  });

  it('accepts a correctly signed delivery and rejects forged or unsigned ones', async () => {
    const good = await emu.webhookDelivery();
    expect(hook.verify(ctx, good)).toEqual({ type: 'accept' });
    const mentions = (await hook.parse(ctx, good));
    expect(mentions).toHaveLength(1);
    expect(mentions[0]).toMatchObject({ network: 'x', kind: 'mention', visibility: 'public' });

    const forged = await emu.webhookDelivery({ forge: true });
    expect(hook.verify(ctx, forged)).toMatchObject({ type: 'reject', status: 401 });
    const tampered = { ...good, rawBody: Buffer.from(good.rawBody.toString().replace('"text":"', '"text":"pwned ')) };
    expect(hook.verify(ctx, tampered)).toMatchObject({ type: 'reject', status: 401 });
    const unsigned = { ...good, headers: { 'content-type': 'application/json' } };
    expect(hook.verify(ctx, unsigned)).toMatchObject({ type: 'reject', status: 401 });
  });

  it('gives a message the same externalId (and fields) by webhook as by poll', async () => {
    const byHookTweet = (await hook.parse(ctx, await emu.webhookDelivery({ text: 'the app crashes at checkout' })));
    const byHookDm = (await hook.parse(ctx, await emu.webhookDelivery({ kind: 'dm', text: 'where is my parcel?' })));
    const polled: IncomingMention[] = [];
    let cursor: string | null = null;
    for (;;) {
      const r = await connector.poll(ctx, cursor);
      polled.push(...r.mentions);
      cursor = r.cursor;
      if (!r.more) break;
    }
    for (const m of [...byHookTweet, ...byHookDm]) {
      const p = polled.find((x) => x.externalId === m.externalId);
      expect(p).toBeDefined();
      const pick = (x: IncomingMention) => ({
        externalId: x.externalId, kind: x.kind, visibility: x.visibility, text: x.text, createdAt: x.createdAt,
        url: x.url, author: x.author, threadKey: x.threadKey, replyTarget: x.replyTarget,
      });
      expect(pick(p!)).toEqual(pick(m));
    }
  });

  // Account Activity API data objects ("tweet_create_events (@mentions)": for_user_id, user_has_blocked,
  // a v1.1 Tweet object), developer.twitter.com/en/docs/twitter-api/enterprise/account-activity-api/guides/
  // account-activity-data-objects; the Tweet's `id` is a JSON number above 2^53 beside its `id_str`.
  const mentionFor = (forUserId: string) =>
    `{"for_user_id":"${forUserId}","user_has_blocked":"false","tweet_create_events":[{"created_at":"Wed Oct 10 20:19:24 +0000 2018",` +
    `"id":1050118621198921728,"id_str":"1050118621198921728","text":"@brand tell me about my order please.",` +
    `"in_reply_to_status_id":null,"in_reply_to_status_id_str":null,"user":{"id":6253282,"id_str":"6253282","name":"Customer","screen_name":"copwatcher","followers_count":12},"lang":"en"}]}`;

  it('stores an Account Activity delivery only under the account it is for (for_user_id)', async () => {
    const problems: string[] = [];
    const forOther = { ...signed(mentionFor('2244994945')), report: (p: string) => problems.push(p) };
    expect(hook.verify(ctx, forOther)).toEqual({ type: 'accept' });
    expect(await hook.parse(ctx, forOther)).toEqual([]);
    expect(problems).toEqual([expect.stringMatching(/another subscribed user/)]);
    const [m] = await hook.parse(ctx, signed(mentionFor(emu.brand.id)));
    // the id comes from id_str: the JSON number has lost its last digits (1050118621198921700)
    expect(m).toMatchObject({ externalId: '1050118621198921728', author: { id: '6253282', handle: 'copwatcher' } });
  });

  it('an unreadable body is refused; a malformed event is skipped and reported while the rest is kept', async () => {
    expect((await parseInvalid(signed('{"for_user_id": "1", "tweet_create_events": ['))).message).toMatch(/not JSON/);
    expect((await parseInvalid(signed('{"tweet_create_events": []}'))).message).toMatch(/for_user_id/);
    const problems: string[] = [];
    const mixed = {
      ...signed(
        JSON.stringify({
          for_user_id: emu.brand.id,
          tweet_create_events: [{ id_str: '5', text: 'hi' }],
          direct_message_events: [
            { type: 'message_create', id: 'x' },
            { type: 'message_create', id: '1190000000000000001', created_timestamp: '1700000000000', message_create: { target: { recipient_id: emu.brand.id }, sender_id: '42', message_data: { text: 'kept' } } },
          ],
        }),
      ),
      report: (p: string) => problems.push(p),
    };
    expect((await hook.parse(ctx, mixed)).map((m) => m.externalId)).toEqual(['1190000000000000001']);
    expect(problems).toEqual([expect.stringMatching(/tweet_create_events\[0\]/), expect.stringMatching(/direct_message_events\[0\]/)]);
    // Event kinds we don't ingest are fine and yield nothing.
    const follow = signed(JSON.stringify({ for_user_id: emu.brand.id, follow_events: [{ type: 'follow' }] }));
    expect((await hook.parse(ctx, follow))).toEqual([]);
  });

  it('registers a webhook (CRC), receives signed deliveries for mentions and DMs, and ignores the brand own activity', async () => {
    const rx = await receiver();
    try {
      const reg = await emu.registerWebhook(rx.url);
      expect(reg.valid).toBe(true);
      const t = await emu.injectMention({ text: 'refund please' });
      const d = await emu.injectDm({ text: 'hello, order 123?' });
      const flat = () => rx.received.flat();
      expect(flat().map((m) => m.externalId)).toEqual([t.id, d.id]);
      expect(flat()[1]).toMatchObject({ kind: 'dm', text: 'hello, order 123?', visibility: 'private' });

      // The brand's replies are delivered to the webhook too (as on X) and must not come back as mentions.
      const mention = flat()[0]!;
      await connector.reply(ctx, mention.replyTarget, 'We are sorry, DM us your order number.', 'idem-1');
      await connector.reply(ctx, flat()[1]!.replyTarget, 'Checking it now.', 'idem-2');
      await new Promise((r) => setTimeout(r, 100));
      expect(emu.deliveries().length).toBe(4);
      expect(emu.deliveries().every((x) => x.status === 200)).toBe(true);
      expect(flat()).toHaveLength(2);
      expect(rx.rejected).toEqual([]);
    } finally {
      await rx.close();
    }
  });

  it('a receiver that answers the CRC wrongly is not registered', async () => {
    const wrongCtx = { ...ctx, credentials: { ...ctx.credentials, appSecret: 'wrong' } };
    const srv = createServer((req, res) => {
      const q = Object.fromEntries(new URL(req.url ?? '/', 'http://x').searchParams);
      const v = hook.verify(wrongCtx, { method: 'GET', headers: {}, query: q, rawBody: Buffer.alloc(0) });
      res.writeHead(200, { 'content-type': 'application/json' }).end(v.type === 'challenge' ? v.body : '{}');
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    try {
      await expect(emu.registerWebhook(`http://127.0.0.1:${(srv.address() as AddressInfo).port}/hook`)).rejects.toThrow(/CRC/);
    } finally {
      await new Promise<void>((r) => srv.close(() => r()));
    }
  });
});
