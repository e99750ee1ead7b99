import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConnectorError, type ConnectorContext, type IncomingMention, type WebhookRequest } from '../src/core/index.ts';
import { facebookConnector, type FacebookCredentials } from '../src/facebook/index.ts';
import { startGraphEmulator, type GraphEmulator } from '../sandbox/graph/index.ts';

let emu: GraphEmulator;
let ctx: ConnectorContext<FacebookCredentials>;

beforeEach(async () => {
  emu = await startGraphEmulator();
  ctx = { accountId: 'acc-fb', credentials: emu.facebook.credentials, endpoints: emu.facebook.endpoints };
});
afterEach(async () => {
  await emu.close();
});

/** Polls until `more` is false; returns every mention and the final cursor. */
async function drain(cursor: string | null, c = ctx) {
  const all: IncomingMention[] = [];
  let polls = 0;
  for (;;) {
    const r = await facebookConnector.poll(c, cursor);
    polls++;
    all.push(...r.mentions);
    cursor = r.cursor;
    if (!r.more) return { all, cursor, polls };
    if (polls > 200) throw new Error('poll never finished');
  }
}

async function rejected(p: Promise<unknown>): Promise<ConnectorError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ConnectorError);
    return e as ConnectorError;
  }
  throw new Error('expected a rejection');
}

const ids = (ms: IncomingMention[]) => ms.map((m) => m.externalId);

describe('facebook connector against the Graph emulator', () => {
  it('checks the Page credentials', async () => {
    const me = await facebookConnector.check(ctx);
    expect(me).toEqual({ id: emu.store.page.id, handle: emu.store.page.username, name: emu.store.page.name });
    expect(facebookConnector.credentials.safeParse(emu.facebook.credentials).success).toBe(true);
  });

  it('pages through the feed and comments with Graph cursors, more=true until done', async () => {
    await emu.facebook.inject({ count: 300 }); // 240 comments (~80 per post: 2 comment pages) + 60 visitor posts (3 feed pages)
    const results: boolean[] = [];
    let cursor: string | null = null;
    const all: IncomingMention[] = [];
    for (let i = 0; i < 100; i++) {
      const r = await facebookConnector.poll(ctx, cursor);
      all.push(...r.mentions);
      results.push(r.more);
      cursor = r.cursor;
      if (!r.more) break;
    }
    expect(results.length).toBeGreaterThan(3);
    expect(results.slice(0, -1).every(Boolean)).toBe(true);
    expect(results.at(-1)).toBe(false);
    expect(all).toHaveLength(300);
    expect(new Set(ids(all)).size).toBe(300);
    expect(all.filter((m) => m.kind === 'post')).toHaveLength(60);
    const comment = all.find((m) => m.kind === 'comment')!;
    expect(comment.visibility).toBe('public');
    expect(comment.threadKey).toMatch(new RegExp(`^${emu.store.page.id}_`));
    expect(comment.replyTarget.externalId).toBe(comment.externalId);
    // nothing new: the next cycle returns nothing
    const again = await drain(cursor);
    expect(again.all).toEqual([]);
  });

  it('resumes from a stored cursor after a restart: no duplicates, no gap', async () => {
    await emu.facebook.inject({ count: 200 });
    const first = await facebookConnector.poll(ctx, null);
    expect(first.more).toBe(true);
    const second = await facebookConnector.poll(ctx, first.cursor);
    // new traffic while the cycle runs, on posts already scanned and not yet scanned
    await emu.facebook.inject({ count: 37 });
    // "restart": a fresh context object and only the stored cursor string survive
    const restarted: ConnectorContext<FacebookCredentials> = JSON.parse(JSON.stringify(ctx));
    const rest = await drain(second.cursor, restarted);
    const next = await drain(rest.cursor, restarted);
    const got = [...first.mentions, ...second.mentions, ...rest.all, ...next.all];
    const expected = [...emu.store.comments, ...emu.store.posts].filter((x) => x.from.id !== emu.store.page.id).map((x) => x.id);
    expect(new Set(ids(got)).size).toBe(got.length);
    expect(ids(got).sort()).toEqual(expected.sort());
    expect(got).toHaveLength(237);
  });

  it('never returns the Page’s own posts, comments or replies', async () => {
    await emu.facebook.inject({ count: 3 });
    const { all, cursor } = await drain(null);
    await facebookConnector.reply(ctx, all[0]!.replyTarget, 'Sorry to hear that, we are on it.', 'k1');
    const after = await drain(cursor);
    expect(after.all).toEqual([]);
    expect(all.every((m) => m.author.id !== emu.store.page.id)).toBe(true);
  });

  it('maps throttling (code 80001 + X-Business-Use-Case-Usage) to rate_limited with retryAt, cursor untouched', async () => {
    await emu.facebook.inject({ count: 4 });
    emu.facebook.throttle({ minutes: 7 });
    const e = await rejected(facebookConnector.poll(ctx, null));
    expect(e.code).toBe('rate_limited');
    expect(e.retryAt!.getTime()).toBeGreaterThan(Date.now() + 6.5 * 60_000);
    expect(e.retryAt!.getTime()).toBeLessThan(Date.now() + 7.5 * 60_000);
    const ok = await drain(null);
    expect(ok.all).toHaveLength(4);
  });

  it('maps an HTTP 429 with Retry-After (and codes 4/17/32/613) to rate_limited', async () => {
    emu.facebook.throttle({ status: 429, code: 4, minutes: 0, retryAfterSeconds: 30 });
    const e = await rejected(facebookConnector.check(ctx));
    expect(e.code).toBe('rate_limited');
    expect(e.status).toBe(429);
    expect(Math.abs(e.retryAt!.getTime() - (Date.now() + 30_000))).toBeLessThan(5_000);
    for (const code of [17, 32, 613]) {
      emu.facebook.throttle({ code, minutes: 1 });
      expect((await rejected(facebookConnector.check(ctx))).code).toBe('rate_limited');
    }
  });

  it('maps an expired token (OAuthException 190/463) to auth', async () => {
    emu.facebook.expireToken();
    const e = await rejected(facebookConnector.poll(ctx, null));
    expect(e.code).toBe('auth');
    expect(e.message).toMatch(/190/);
    const bad = { ...ctx, credentials: { ...ctx.credentials, pageAccessToken: 'EAAGnot-a-real-token' } };
    expect((await rejected(facebookConnector.check(bad))).code).toBe('auth');
  });

  it('reports an unreachable Graph API as transient and a bad cursor as invalid', async () => {
    const down = { ...ctx, endpoints: { graph: 'http://127.0.0.1:9' } };
    expect((await rejected(facebookConnector.check(down))).code).toBe('transient');
    expect((await rejected(facebookConnector.poll(ctx, 'garbage'))).code).toBe('invalid');
  });

  it('answers the hub.challenge subscription check and refuses a wrong verify token', () => {
    const ok = facebookConnector.webhook!.verify(ctx, emu.facebook.verificationRequest({ challenge: '1158201444' }));
    expect(ok).toEqual({ type: 'challenge', status: 200, contentType: 'text/plain', body: '1158201444' });
    const bad = facebookConnector.webhook!.verify(ctx, emu.facebook.verificationRequest({ verifyToken: 'nope' }));
    expect(bad).toMatchObject({ type: 'reject', status: 403 });
  });

  it('rejects forged and unsigned deliveries', async () => {
    const forged = await emu.facebook.webhookDelivery!({ forge: true });
    expect(facebookConnector.webhook!.verify(ctx, forged)).toMatchObject({ type: 'reject', status: 401 });
    const unsigned: WebhookRequest = { ...forged, headers: { 'content-type': 'application/json' } };
    expect(facebookConnector.webhook!.verify(ctx, unsigned)).toMatchObject({ type: 'reject', status: 401 });
    const tampered = await emu.facebook.webhookDelivery!();
    tampered.rawBody = Buffer.from(tampered.rawBody.toString().replace('"verb":"add"', '"verb":"add" '));
    expect(facebookConnector.webhook!.verify(ctx, tampered)).toMatchObject({ type: 'reject', status: 401 });
  });

  it('parses feed comments, visitor posts and Messenger messages; same externalId as poll', async () => {
    const req = await emu.facebook.webhookDelivery!({ text: 'Where is my parcel?' });
    expect(facebookConnector.webhook!.verify(ctx, req)).toEqual({ type: 'accept' });
    const [viaHook] = (await facebookConnector.webhook!.parse(ctx, req));
    expect(viaHook).toMatchObject({ network: 'facebook', kind: 'comment', visibility: 'public', text: 'Where is my parcel?' });
    const { all } = await drain(null);
    const viaPoll = all.find((m) => m.externalId === viaHook!.externalId)!;
    expect(viaPoll).toBeDefined();
    expect({ ...viaPoll, url: undefined }).toEqual({ ...viaHook, url: undefined });

    const post = (await facebookConnector.webhook!.parse(ctx, emu.facebook.deliveryOf('post', { text: 'Visitor here' })));
    expect(post).toMatchObject([{ kind: 'post', visibility: 'public', text: 'Visitor here' }]);
    const dm = (await facebookConnector.webhook!.parse(ctx, emu.facebook.deliveryOf('message', { text: 'Habari, oda yangu?' })));
    expect(dm).toMatchObject([{ kind: 'dm', visibility: 'private', text: 'Habari, oda yangu?' }]);
    expect(dm[0]!.externalId).toMatch(/^m_/);
    expect(dm[0]!.threadKey).toBe(`messenger:${dm[0]!.author.id}`);
  });

  it('throws invalid on malformed payloads, with a clear message', async () => {
    const sign = (body: string): WebhookRequest => {
      const rawBody = Buffer.from(body);
      return { method: 'POST', headers: { 'x-hub-signature-256': emu.store.sign(rawBody).sha256 }, query: {}, rawBody };
    };
    const cases: Array<[string, RegExp]> = [
      ['{not json', /not JSON/],
      ['{"object":"page"}', /entry/],
      ['{"object":"instagram","entry":[]}', /object/],
    ];
    for (const [body, msg] of cases) {
      const req = sign(body);
      expect(facebookConnector.webhook!.verify(ctx, req)).toEqual({ type: 'accept' });
      let err: unknown;
      try {
        (await facebookConnector.webhook!.parse(ctx, req));
      } catch (e) {
        err = e;
      }
      expect(err, body).toBeInstanceOf(ConnectorError);
      expect((err as ConnectorError).code).toBe('invalid');
      expect((err as ConnectorError).message).toMatch(msg);
    }
  });

  it('ignores the Page’s own activity in webhooks (page comments, message echoes, other Pages)', async () => {
    await emu.facebook.inject({ count: 1 });
    const { all } = await drain(null);
    // the Page replies; the emulator builds the echo deliveries Meta would send
    const reply = await facebookConnector.reply(ctx, all[0]!.replyTarget, 'On it!', 'k');
    const own = emu.store.comments.find((c) => c.id === reply.externalId)!;
    const { fbCommentWebhook, fbMessageWebhook } = await import('../sandbox/graph/payloads.ts');
    const { signedRequest } = await import('../sandbox/graph/deliver.ts');
    expect((await facebookConnector.webhook!.parse(ctx, signedRequest(emu.store, fbCommentWebhook(emu.store, own))))).toEqual([]);
    const dmId = emu.facebook.add('message', 'hi');
    const dm = emu.store.dms.find((d) => d.mid === dmId)!;
    const sent = await facebookConnector.reply(ctx, { kind: 'dm', externalId: dm.mid, threadKey: `messenger:${dm.userId}`, authorId: dm.userId }, 'Hello!', 'k2');
    const echo = emu.store.dms.find((d) => d.mid === sent.externalId)!;
    expect((await facebookConnector.webhook!.parse(ctx, signedRequest(emu.store, fbMessageWebhook(emu.store, echo))))).toEqual([]);
    const otherPage = JSON.parse(signedRequest(emu.store, fbMessageWebhook(emu.store, dm)).rawBody.toString());
    otherPage.entry[0].id = '999';
    expect((await facebookConnector.webhook!.parse(ctx, signedRequest(emu.store, otherPage)))).toEqual([]);
  });

  it('replies to a comment, a visitor post and over Messenger; the emulator records them', async () => {
    await emu.facebook.inject({ count: 5 });
    const { all } = await drain(null);
    const comment = all.find((m) => m.kind === 'comment')!;
    const post = all.find((m) => m.kind === 'post')!;
    const r1 = await facebookConnector.reply(ctx, comment.replyTarget, 'Thanks, DM us your order number', 'idem-1');
    const r2 = await facebookConnector.reply(ctx, post.replyTarget, 'Karibu!', 'idem-2');
    const [dm] = (await facebookConnector.webhook!.parse(ctx, emu.facebook.deliveryOf('message', { text: 'Parcel broken' })));
    const r3 = await facebookConnector.reply(ctx, dm!.replyTarget, 'So sorry, a replacement is on its way.', 'idem-3');
    const replies = await emu.facebook.replies();
    expect(replies).toEqual([
      { inReplyTo: comment.externalId, text: 'Thanks, DM us your order number', externalId: r1.externalId },
      { inReplyTo: post.externalId, text: 'Karibu!', externalId: r2.externalId },
      { inReplyTo: dm!.externalId, text: 'So sorry, a replacement is on its way.', externalId: r3.externalId },
    ]);
    // Messenger to someone who never wrote: Graph's (#100) No matching user found → invalid
    const e = await rejected(facebookConnector.reply(ctx, { kind: 'dm', externalId: 'm_x', threadKey: 'messenger:1', authorId: '1' }, 'hi', 'k'));
    expect(e.code).toBe('invalid');
  });

  it('subscribes a callback through POST /{app-id}/subscriptions and delivers signed webhooks to it', async () => {
    const received: IncomingMention[] = [];
    const verdicts: string[] = [];
    const server: Server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const url = new URL(req.url ?? '/', 'http://x');
        const wreq: WebhookRequest = {
          method: req.method ?? 'GET',
          headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])),
          query: Object.fromEntries(url.searchParams),
          rawBody: Buffer.concat(chunks),
        };
        const v = facebookConnector.webhook!.verify(ctx, wreq);
        verdicts.push(v.type);
        if (v.type === 'challenge') return void res.writeHead(v.status, { 'content-type': v.contentType }).end(v.body);
        if (v.type === 'reject') return void res.writeHead(v.status).end(v.reason);
        received.push(...(await facebookConnector.webhook!.parse(ctx, wreq)));
        res.writeHead(200).end('EVENT_RECEIVED');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const callback = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/facebook`;
    try {
      const res = await fetch(`${emu.url}/v24.0/${emu.appId}/subscriptions?access_token=${encodeURIComponent(emu.appToken)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ object: 'page', callback_url: callback, fields: 'feed,messages', verify_token: emu.facebook.credentials.verifyToken }),
      });
      expect(await res.json()).toEqual({ success: true });
      emu.facebook.add('comment', 'comment via webhook');
      emu.facebook.add('message', 'dm via webhook');
      await emu.flush();
      expect(verdicts).toEqual(['challenge', 'accept', 'accept']);
      expect(received.map((m) => [m.kind, m.text])).toEqual([
        ['comment', 'comment via webhook'],
        ['dm', 'dm via webhook'],
      ]);
      // a wrong verify token fails Meta-side verification
      const bad = await fetch(`${emu.url}/v24.0/${emu.appId}/subscriptions?access_token=${encodeURIComponent(emu.appToken)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ object: 'page', callback_url: callback, fields: 'feed', verify_token: 'wrong' }),
      });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: { code: number } }).error.code).toBe(2200);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('serves real Graph wire formats: versioned paths, paging, usage headers, error bodies', async () => {
    await emu.facebook.inject({ count: 30 });
    const token = encodeURIComponent(emu.facebook.credentials.pageAccessToken);
    const res = await fetch(`${emu.url}/v24.0/${emu.store.page.id}/feed?limit=5&access_token=${token}`);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.headers.get('x-app-usage')!)).toHaveProperty('call_count');
    const buc = JSON.parse(res.headers.get('x-business-use-case-usage')!);
    expect(buc[emu.store.page.id][0]).toMatchObject({ type: 'pages', estimated_time_to_regain_access: 0 });
    const body = (await res.json()) as { data: unknown[]; paging: { cursors: { after: string }; next: string } };
    expect(body.data).toHaveLength(5);
    expect(body.paging.next).toContain(`after=${body.paging.cursors.after}`);
    const err = await fetch(`${emu.url}/v24.0/nope?access_token=${token}`);
    expect(err.status).toBe(400);
    expect(((await err.json()) as { error: Record<string, unknown> }).error).toMatchObject({ type: 'GraphMethodException', code: 100, error_subcode: 33 });
  });
});
