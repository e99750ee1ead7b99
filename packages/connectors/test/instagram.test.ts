import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConnectorError, type ConnectorContext, type IncomingMention, type WebhookRequest } from '../src/core/index.ts';
import { instagramConnector, type InstagramCredentials } from '../src/instagram/index.ts';
import { startGraphEmulator, type GraphEmulator } from '../sandbox/graph/index.ts';
import { signedRequest } from '../sandbox/graph/deliver.ts';
import { igCommentWebhook, igMessageWebhook } from '../sandbox/graph/payloads.ts';

let emu: GraphEmulator;
let ctx: ConnectorContext<InstagramCredentials>;

beforeEach(async () => {
  emu = await startGraphEmulator();
  ctx = { accountId: 'acc-ig', credentials: emu.instagram.credentials, endpoints: emu.instagram.endpoints };
});
afterEach(async () => {
  await emu.close();
});

async function drain(cursor: string | null, c = ctx) {
  const all: IncomingMention[] = [];
  const mores: boolean[] = [];
  for (let i = 0; i < 200; i++) {
    const r = await instagramConnector.poll(c, cursor);
    all.push(...r.mentions);
    mores.push(r.more);
    cursor = r.cursor;
    if (!r.more) return { all, cursor, mores };
  }
  throw new Error('poll never finished');
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
const inbound = () => [
  ...emu.store.igComments.filter((c) => c.from.id !== emu.store.ig.id).map((c) => c.id),
  ...emu.store.media.filter((m) => m.owner !== 'self').map((m) => m.id),
];

describe('instagram connector against the Graph emulator', () => {
  it('checks the account', async () => {
    expect(await instagramConnector.check(ctx)).toEqual({ id: emu.store.ig.id, handle: emu.store.ig.username, name: emu.store.ig.name });
    expect(instagramConnector.credentials.safeParse(emu.instagram.credentials).success).toBe(true);
  });

  it('pages through media comments and tags with Graph cursors', async () => {
    await emu.instagram.inject({ count: 250 }); // 200 comments (~67 per media: 2 pages each) + 50 tagged media (2 pages)
    const { all, mores, cursor } = await drain(null);
    expect(mores.length).toBeGreaterThan(3);
    expect(mores.slice(0, -1).every(Boolean)).toBe(true);
    expect(all).toHaveLength(250);
    expect(new Set(ids(all)).size).toBe(250);
    expect(all.filter((m) => m.kind === 'mention')).toHaveLength(50);
    const c = all.find((m) => m.kind === 'comment')!;
    expect(c).toMatchObject({ network: 'instagram', visibility: 'public' });
    expect(c.author.handle).toBeTruthy();
    expect((await drain(cursor)).all).toEqual([]);
  });

  it('resumes from a stored cursor after a restart: no duplicates, no gap', async () => {
    await emu.instagram.inject({ count: 180 });
    const first = await instagramConnector.poll(ctx, null);
    expect(first.more).toBe(true);
    await emu.instagram.inject({ count: 23 });
    const restarted: ConnectorContext<InstagramCredentials> = JSON.parse(JSON.stringify(ctx));
    const rest = await drain(first.cursor, restarted);
    await emu.instagram.inject({ count: 4 });
    const next = await drain(rest.cursor, restarted);
    const got = [...first.mentions, ...rest.all, ...next.all];
    expect(new Set(ids(got)).size).toBe(got.length);
    expect(ids(got).sort()).toEqual(inbound().sort());
    expect(got).toHaveLength(207);
  });

  it('maps Instagram throttling (80002, BUC header) to rate_limited with retryAt', async () => {
    emu.instagram.throttle({ minutes: 12 });
    const e = await rejected(instagramConnector.poll(ctx, null));
    expect(e.code).toBe('rate_limited');
    expect(e.retryAt!.getTime()).toBeGreaterThan(Date.now() + 11 * 60_000);
    // throttling one network leaves the other alone
    emu.facebook.throttle({ count: 5 });
    await expect(instagramConnector.check(ctx)).resolves.toMatchObject({ id: emu.store.ig.id });
  });

  it('throttles by itself past the per-minute call budget', async () => {
    await emu.close();
    emu = await startGraphEmulator({ callsPerMinute: 3 });
    ctx = { accountId: 'acc-ig', credentials: emu.instagram.credentials, endpoints: emu.instagram.endpoints };
    for (let i = 0; i < 3; i++) await instagramConnector.check(ctx);
    const e = await rejected(instagramConnector.check(ctx));
    expect(e.code).toBe('rate_limited');
    expect(e.retryAt!.getTime()).toBeGreaterThan(Date.now() + 30_000);
  });

  it('maps an expired token to auth', async () => {
    emu.instagram.expireToken();
    const e = await rejected(instagramConnector.poll(ctx, null));
    expect(e.code).toBe('auth');
    expect(e.message).toMatch(/expired/);
  });

  it('verifies hub.challenge and signatures', async () => {
    expect(instagramConnector.webhook!.verify(ctx, emu.instagram.verificationRequest({ challenge: '42' }))).toMatchObject({ type: 'challenge', body: '42' });
    expect(instagramConnector.webhook!.verify(ctx, emu.instagram.verificationRequest({ verifyToken: 'x' }))).toMatchObject({ type: 'reject', status: 403 });
    const forged = await emu.instagram.webhookDelivery!({ forge: true });
    expect(instagramConnector.webhook!.verify(ctx, forged)).toMatchObject({ type: 'reject', status: 401 });
    const good = await emu.instagram.webhookDelivery!();
    expect(instagramConnector.webhook!.verify(ctx, good)).toEqual({ type: 'accept' });
  });

  it('parses comments and DMs; same externalId as poll; reads id-only mentions from Graph; skips own comments and echoes', async () => {
    const req = await emu.instagram.webhookDelivery!({ text: 'Bei gani?' });
    const [viaHook] = (await instagramConnector.webhook!.parse(ctx, req));
    expect(viaHook).toMatchObject({ kind: 'comment', text: 'Bei gani?', visibility: 'public' });
    const { all } = await drain(null);
    const viaPoll = all.find((m) => m.externalId === viaHook!.externalId);
    expect(viaPoll).toMatchObject({ externalId: viaHook!.externalId, threadKey: viaHook!.threadKey, kind: 'comment', text: 'Bei gani?', author: viaHook!.author });

    const [dm] = (await instagramConnector.webhook!.parse(ctx, emu.instagram.deliveryOf('message', { text: 'மிகவும் நல்ல சேவை' })));
    expect(dm).toMatchObject({ kind: 'dm', visibility: 'private', text: 'மிகவும் நல்ல சேவை' });
    // a caption @mention carries only its media id; the connector reads it (same id as the /tags poll)
    const [tag] = await instagramConnector.webhook!.parse(ctx, emu.instagram.deliveryOf('tag'));
    expect(tag).toMatchObject({ kind: 'mention', replyTarget: { kind: 'mention' } });

    const reply = await instagramConnector.reply(ctx, viaHook!.replyTarget, 'Asante!', 'k1');
    const own = emu.store.igComments.find((c) => c.id === reply.externalId)!;
    expect((await instagramConnector.webhook!.parse(ctx, signedRequest(emu.store, igCommentWebhook(emu.store, own))))).toEqual([]);
    const sent = await instagramConnector.reply(ctx, dm!.replyTarget, 'Nandri!', 'k2');
    const echo = emu.store.dms.find((d) => d.mid === sent.externalId)!;
    expect((await instagramConnector.webhook!.parse(ctx, signedRequest(emu.store, igMessageWebhook(emu.store, echo))))).toEqual([]);
    // and polling never returns the account's own reply
    expect(ids((await drain(null)).all)).not.toContain(reply.externalId);
  });

  it('refuses an unreadable envelope whole, but skips (and reports) a malformed event and keeps the rest', async () => {
    const sign = (body: string, problems: string[] = []): WebhookRequest => {
      const rawBody = Buffer.from(body);
      return { method: 'POST', headers: { 'x-hub-signature-256': emu.store.sign(rawBody).sha256 }, query: {}, rawBody, report: (p) => problems.push(p) };
    };
    for (const body of ['nope', '{"object":"page","entry":[]}', '{"object":"instagram"}']) {
      const req = sign(body);
      expect(instagramConnector.webhook!.verify(ctx, req)).toEqual({ type: 'accept' });
      await expect(instagramConnector.webhook!.parse(ctx, req)).rejects.toMatchObject({ code: 'invalid', message: expect.stringMatching(/instagram webhook|not JSON/) });
    }
    const problems: string[] = [];
    const body = JSON.stringify({
      object: 'instagram',
      entry: [
        {
          id: emu.store.ig.id,
          time: 1700000000,
          messaging: [
            { sender: { id: '1' }, recipient: { id: '2' }, timestamp: 'yesterday' },
            { sender: { id: '9911' }, recipient: { id: emu.store.ig.id }, timestamp: 1700000000123, message: { mid: 'aWdfZAG1kept', text: 'still here' } },
          ],
        },
      ],
    });
    const got = await instagramConnector.webhook!.parse(ctx, sign(body, problems));
    expect(got.map((m) => m.externalId)).toEqual(['aWdfZAG1kept']);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/instagram messaging\[0\].*timestamp/);
    expect(problems[0]).not.toMatch(/yesterday/); // where and why, never the values
  });

  it('replies to a comment, a DM and a mention; the emulator records them', async () => {
    await emu.instagram.inject({ count: 5 });
    const { all } = await drain(null);
    const comment = all.find((m) => m.kind === 'comment')!;
    const mention = all.find((m) => m.kind === 'mention')!;
    const [dm] = (await instagramConnector.webhook!.parse(ctx, emu.instagram.deliveryOf('message', { text: 'Is it in stock?' })));
    const r1 = await instagramConnector.reply(ctx, comment.replyTarget, 'Yes!', 'a');
    const r2 = await instagramConnector.reply(ctx, dm!.replyTarget, 'It is, size L too.', 'b');
    const r3 = await instagramConnector.reply(ctx, mention.replyTarget, 'Thanks for the tag!', 'c');
    expect(await emu.instagram.replies()).toEqual([
      { inReplyTo: comment.externalId, text: 'Yes!', externalId: r1.externalId },
      { inReplyTo: dm!.externalId, text: 'It is, size L too.', externalId: r2.externalId },
      { inReplyTo: mention.externalId, text: 'Thanks for the tag!', externalId: r3.externalId },
    ]);
    const e = await rejected(instagramConnector.reply(ctx, { ...comment.replyTarget, externalId: '1' }, 'x', 'd'));
    expect(e.code).toBe('invalid');
  });

  it('delivers webhooks to a subscribed callback during demo traffic', async () => {
    const got: string[] = [];
    const express = (await import('express')).default;
    const { listen } = await import('../sandbox/http.ts');
    const app = express();
    app.use(express.raw({ type: '*/*' }));
    app.all('/hook', async (req, res) => {
      const wreq: WebhookRequest = {
        method: req.method,
        headers: req.headers as Record<string, string>,
        query: req.query as Record<string, string>,
        rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
      };
      const v = instagramConnector.webhook!.verify(ctx, wreq);
      if (v.type === 'challenge') return void res.status(v.status).type(v.contentType).send(v.body);
      if (v.type === 'reject') return void res.status(v.status).send(v.reason);
      for (const m of (await instagramConnector.webhook!.parse(ctx, wreq))) got.push(m.kind);
      res.sendStatus(200);
    });
    const srv = await listen(app);
    try {
      expect(await emu.subscribe('instagram', `${srv.url}/hook`)).toBe(true);
      emu.startTraffic(20);
      // Until both kinds have arrived (traffic is random), not for a fixed time.
      for (let waited = 0; waited < 15_000 && !(got.includes('comment') && got.includes('dm')); waited += 50) {
        await new Promise((r) => setTimeout(r, 50));
      }
      emu.stopTraffic();
      await emu.flush();
      expect(got).toContain('comment');
      expect(got).toContain('dm');
      expect(emu.store.dms.some((d) => d.network === 'instagram')).toBe(true);
    } finally {
      await emu.close();
      await srv.close();
    }
  });
});
