import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConnectorError, type ConnectorContext, type IncomingMention } from '../src/core/index.ts';
import { createXConnector, type XCredentials } from '../src/x/index.ts';
import { startXEmulator, X_ROUTES, type XEmulatorHandle } from '../sandbox/x/index.ts';

let emu: XEmulatorHandle;
let ctx: ConnectorContext<XCredentials>;
const connector = createXConnector();

beforeEach(async () => {
  emu = await startXEmulator({ seed: 3 });
  ctx = { accountId: 'acct-x', credentials: emu.credentials, endpoints: emu.endpoints };
});
afterEach(async () => {
  await emu.close();
});

async function pollAll(cursor: string | null = null) {
  const got: IncomingMention[] = [];
  for (;;) {
    const r = await connector.poll(ctx, cursor);
    got.push(...r.mentions);
    cursor = r.cursor;
    if (!r.more) return { got, cursor };
  }
}

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ConnectorError);
    return (e as ConnectorError).code;
  }
  throw new Error('expected a rejection');
}

describe('x connector: replies', () => {
  it('replies to a post in-reply-to it; the same idempotency key posts once', async () => {
    const t = await emu.injectMention({ text: 'my order never arrived' });
    const { got, cursor } = await pollAll();
    const m = got.find((x) => x.externalId === t.id)!;
    const r1 = await connector.reply(ctx, m.replyTarget, 'Sorry! We sent you a DM.', 'reply-1');
    const r2 = await connector.reply(ctx, m.replyTarget, 'Sorry! We sent you a DM.', 'reply-1');
    expect(r2).toEqual(r1);
    expect(await emu.replies()).toEqual([{ inReplyTo: t.id, text: 'Sorry! We sent you a DM.', externalId: r1.externalId }]);
    const r3 = await connector.reply(ctx, m.replyTarget, 'Any update?', 'reply-2');
    expect(r3.externalId).not.toBe(r1.externalId);
    // Our own replies never come back as inbound mentions.
    expect((await pollAll(cursor)).got).toEqual([]);
  });

  it('replies to a DM in that conversation', async () => {
    const d = await emu.injectDm({ text: 'can I change my address?' });
    const { got, cursor } = await pollAll();
    const m = got.find((x) => x.externalId === d.id)!;
    expect(m.kind).toBe('dm');
    const r = await connector.reply(ctx, m.replyTarget, 'Yes, send us the new address here.', 'dm-1');
    expect(await emu.replies()).toEqual([{ inReplyTo: d.id, text: 'Yes, send us the new address here.', externalId: r.externalId }]);
    expect((await pollAll(cursor)).got).toEqual([]);
  });

  it('maps failures: 429 → rate_limited, expired token → auth, unknown post → invalid', async () => {
    const t = await emu.injectMention();
    const { got } = await pollAll();
    const target = got.find((x) => x.externalId === t.id)!.replyTarget;

    emu.forceRateLimit({ route: X_ROUTES.createTweet, resetInSeconds: 30 });
    expect(await code(connector.reply(ctx, target, 'hi', 'k1'))).toBe('rate_limited');
    emu.forceRateLimit({ route: X_ROUTES.createTweet, resetInSeconds: 0 });

    emu.expireToken();
    expect(await code(connector.reply(ctx, target, 'hi', 'k2'))).toBe('auth');
    emu.expireToken(false);

    expect(await code(connector.reply(ctx, { ...target, externalId: '42' }, 'hi', 'k3'))).toBe('invalid');
    expect(await code(connector.reply(ctx, target, '   ', 'k4'))).toBe('invalid');
    expect(await emu.replies()).toEqual([]);
  });
});
