import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConnectorError, type ConnectorContext, type IncomingMention } from '../src/core/index.ts';
import { createXConnector, type XCredentials } from '../src/x/index.ts';
import { xClient } from '../src/x/client.ts';
import { startXEmulator, X_ROUTES, type XEmulatorHandle } from '../sandbox/x/index.ts';

let emu: XEmulatorHandle;
let ctx: ConnectorContext<XCredentials>;
const connector = createXConnector({ mentionsPageSize: 5, dmPageSize: 5 });

beforeEach(async () => {
  emu = await startXEmulator({ seed: 7 });
  ctx = { accountId: 'acct-x', credentials: emu.credentials, endpoints: emu.endpoints };
});
afterEach(async () => {
  await emu.close();
});

/** Polls until the network says there is no more; returns everything and the final cursor. */
async function drain(c = connector, cx = ctx, cursor: string | null = null, maxPolls = 50) {
  const got: IncomingMention[] = [];
  let polls = 0;
  for (;;) {
    const r = await c.poll(cx, cursor);
    got.push(...r.mentions);
    cursor = r.cursor;
    polls++;
    if (!r.more) break;
    if (polls >= maxPolls) throw new Error('poll never settled');
  }
  return { got, cursor, polls };
}

async function rejection(p: Promise<unknown>): Promise<ConnectorError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ConnectorError);
    return e as ConnectorError;
  }
  throw new Error('expected a rejection');
}

describe('x connector: check and poll', () => {
  it('check() returns the brand identity', async () => {
    expect(await connector.check(ctx)).toEqual({ id: emu.brand.id, handle: emu.brand.username, name: emu.brand.name });
  });

  it('pages through mentions and DMs, skipping the brand own posts and DMs', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push((await emu.injectMention()).id);
    for (let i = 0; i < 7; i++) ids.push((await emu.injectDm()).id);
    await emu.injectMention({ fromBrand: true, text: `@${emu.brand.username} our own announcement` });
    await emu.injectDm({ fromBrand: true, text: 'brand outbound DM' });

    const { got, polls } = await drain();
    expect(polls).toBeGreaterThanOrEqual(3); // 12 mentions at 5 per page
    expect(got.map((m) => m.externalId).sort()).toEqual([...ids].sort());
    expect(new Set(got.map((m) => m.externalId)).size).toBe(got.length);
    expect(got.every((m) => m.author.id !== emu.brand.id)).toBe(true);

    const mention = got.find((m) => m.kind === 'mention')!;
    expect(mention).toMatchObject({ network: 'x', visibility: 'public', replyTarget: { kind: 'mention', externalId: mention.externalId } });
    expect(mention.author.handle).toBeTruthy();
    expect(typeof mention.author.reach).toBe('number');
    expect(mention.url).toBe(`https://x.com/${mention.author.handle}/status/${mention.externalId}`);
    const dm = got.find((m) => m.kind === 'dm')!;
    expect(dm).toMatchObject({ visibility: 'private', replyTarget: { kind: 'dm', authorId: dm.author.id } });
    expect(dm.threadKey).toMatch(/^x:dm:\d+-\d+$/);

    // Nothing new: an empty poll, same position.
    const again = await drain(connector, ctx, (await drain()).cursor);
    expect(again.got).toEqual([]);
  });

  it('loses nothing that arrives between pages of one pass', async () => {
    const before: string[] = [];
    for (let i = 0; i < 11; i++) before.push((await emu.injectMention()).id);
    const first = await connector.poll(ctx, null);
    expect(first.more).toBe(true);
    const during: string[] = [];
    for (let i = 0; i < 3; i++) during.push((await emu.injectMention()).id);
    const rest = await drain(connector, ctx, first.cursor);
    const after = await drain(connector, ctx, rest.cursor);
    const all = [...first.mentions, ...rest.got, ...after.got].map((m) => m.externalId);
    expect(all.sort()).toEqual([...before, ...during].sort());
    expect(new Set(all).size).toBe(all.length);
  });

  it('resumes from a saved cursor after a restart: no duplicates, no gap', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 13; i++) ids.push((await emu.injectMention()).id);
    for (let i = 0; i < 6; i++) ids.push((await emu.injectDm()).id);

    const p1 = await connector.poll(ctx, null);
    expect(p1.more).toBe(true);
    const saved = p1.cursor; // what the server stored after storing p1.mentions

    // "Restart": a new connector instance and a new context object built from stored data.
    const restarted = createXConnector({ mentionsPageSize: 5, dmPageSize: 5 });
    const ctx2: ConnectorContext<XCredentials> = {
      accountId: 'acct-x',
      credentials: JSON.parse(JSON.stringify(emu.credentials)) as XCredentials,
      endpoints: { ...emu.endpoints },
    };
    const rest = await drain(restarted, ctx2, saved);
    const all = [...p1.mentions, ...rest.got].map((m) => m.externalId);
    expect(all.sort()).toEqual([...ids].sort());
    expect(new Set(all).size).toBe(all.length);

    // A crash before the cursor was saved replays the same page (deduped by the server), never skips.
    const replay = await restarted.poll(ctx2, saved);
    expect(replay.mentions.every((m) => rest.got.some((g) => g.externalId === m.externalId))).toBe(true);

    // New traffic after the restart is picked up once.
    const late = (await emu.injectMention()).id;
    const next = await drain(restarted, ctx2, rest.cursor);
    expect(next.got.map((m) => m.externalId)).toEqual([late]);
  });

  it('429 → rate_limited with retryAt from x-rate-limit-reset; the cursor resumes afterwards', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) ids.push((await emu.injectMention()).id);
    const p1 = await connector.poll(ctx, null);
    expect(p1.more).toBe(true);
    const { reset } = emu.forceRateLimit({ route: X_ROUTES.mentions, resetInSeconds: 120 });
    const err = await rejection(connector.poll(ctx, p1.cursor));
    expect(err.code).toBe('rate_limited');
    expect(err.status).toBe(429);
    expect(err.retryAt?.getTime()).toBe(reset * 1000);
    expect(err.message).toMatch(/Too Many Requests/);

    // Once the window resets, the runner polls again with the cursor it kept: nothing skipped.
    const short = emu.forceRateLimit({ route: X_ROUTES.mentions, resetInSeconds: 1 });
    await new Promise((r) => setTimeout(r, Math.max(0, short.reset * 1000 - Date.now()) + 50));
    const rest = await drain(connector, ctx, p1.cursor);
    expect([...p1.mentions, ...rest.got].map((m) => m.externalId).sort()).toEqual(ids.sort());
  });

  it('exhausting the per-window limit naturally gives 429 with the window reset', async () => {
    await emu.close();
    emu = await startXEmulator({ rateLimit: 3, windowSeconds: 900 });
    ctx = { accountId: 'acct-x', credentials: emu.credentials, endpoints: emu.endpoints };
    const client = xClient(ctx);
    const first = await client.v2.get('users/me', undefined, { fullResponse: true });
    expect(first.rateLimit).toMatchObject({ limit: 3, remaining: 2 });
    const reset = first.rateLimit!.reset;
    expect(reset).toBeGreaterThan(Date.now() / 1000);
    await connector.check(ctx);
    await connector.check(ctx);
    const err = await rejection(connector.check(ctx));
    expect(err.code).toBe('rate_limited');
    expect(err.retryAt?.getTime()).toBe(reset * 1000);
  });

  it('expired or wrong token → auth', async () => {
    emu.expireToken();
    const e1 = await rejection(connector.poll(ctx, null));
    expect(e1.code).toBe('auth');
    expect(e1.status).toBe(401);
    expect(e1.message).toMatch(/Unauthorized/);
    emu.expireToken(false);
    await expect(connector.check(ctx)).resolves.toMatchObject({ id: emu.brand.id });
    const wrong = { ...ctx, credentials: { ...ctx.credentials, accessSecret: 'not-the-secret' } };
    expect((await rejection(connector.check(wrong))).code).toBe('auth');
  });

  it('problem-format error bodies and rate-limit headers on the wire', async () => {
    const res = await fetch(`${emu.baseUrl}/2/users/me`);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ title: 'Unauthorized', detail: 'Unauthorized', type: 'about:blank', status: 401 });
    const bad = await xClient(ctx)
      .v2.get(`users/${emu.brand.id}/mentions`, { max_results: 500 })
      .catch((e: unknown) => e as { code: number; data: { title: string; errors: unknown[] }; rateLimit?: unknown });
    expect(bad).toMatchObject({ code: 400, data: { title: 'Invalid Request' } });
    expect((bad as { rateLimit?: unknown }).rateLimit).toBeTruthy();
  });

  it('a malformed API response → invalid, nothing returned, and the same cursor works next time', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await emu.injectMention()).id);
    emu.malformNext({ route: X_ROUTES.mentions });
    const err = await rejection(connector.poll(ctx, null));
    expect(err.code).toBe('invalid');
    expect(err.message).toMatch(/malformed response/);
    const { got } = await drain();
    expect(got.map((m) => m.externalId).sort()).toEqual(ids.sort());
  });

  it('a corrupt saved cursor → invalid with a clear message', async () => {
    const err = await rejection(connector.poll(ctx, '{"since_id":'));
    expect(err.code).toBe('invalid');
    expect(err.message).toMatch(/cursor/);
  });

  it('unreachable API → transient', async () => {
    const dead = { ...ctx, endpoints: { api: 'http://127.0.0.1:9' } };
    expect((await rejection(connector.check(dead))).code).toBe('transient');
  });
});
