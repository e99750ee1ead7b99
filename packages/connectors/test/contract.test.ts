// Every registered connector, against its emulator, through the one contract the server relies on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegistry, type Connector, type ConnectorContext, type IncomingMention, type Network } from '../src/index.ts';
import {
  startSandboxEmulator,
  startXEmulator,
  startFacebookEmulator,
  startInstagramEmulator,
  startEmailEmulator,
  type EmulatorFactory,
  type EmulatorHandle,
} from '../sandbox/index.ts';

const FACTORIES: Record<Network, EmulatorFactory> = {
  sandbox: () => startSandboxEmulator({ seed: 3 }),
  x: () => startXEmulator({ seed: 3 }),
  facebook: () => startFacebookEmulator({ seed: 3 }),
  instagram: () => startInstagramEmulator({ seed: 3 }),
  email: () => startEmailEmulator({ seed: 3 }),
};

async function drain(connector: Connector, ctx: ConnectorContext, cursor: string | null): Promise<{ mentions: IncomingMention[]; cursor: string | null }> {
  const mentions: IncomingMention[] = [];
  for (let i = 0; i < 50; i++) {
    const res = await connector.poll(ctx, cursor);
    mentions.push(...res.mentions);
    cursor = res.cursor;
    if (!res.more) break;
  }
  return { mentions, cursor };
}

const registry = createRegistry();

it('every network has a connector and an emulator', () => {
  expect(registry.all().map((c) => c.network).sort()).toEqual(Object.keys(FACTORIES).sort());
});

for (const connector of registry.all()) {
  describe(`${connector.network} connector contract`, () => {
    let emu: EmulatorHandle;
    let ctx: ConnectorContext;

    beforeAll(async () => {
      emu = await FACTORIES[connector.network]();
      ctx = { accountId: `contract-${connector.network}`, credentials: connector.credentials.parse(emu.credentials) as Record<string, unknown>, endpoints: emu.endpoints };
    });
    afterAll(async () => {
      await emu?.close();
    });

    it('checks its credential and names the account', async () => {
      const identity = await connector.check(ctx);
      expect(identity.id).toBeTruthy();
    });

    it('polls what is new, twice, with no duplicates and no loss', async () => {
      await emu.inject({ count: 4 });
      const first = await drain(connector, ctx, null);
      const ids = first.mentions.map((m) => m.externalId);
      expect(ids.length).toBeGreaterThanOrEqual(4);
      expect(new Set(ids).size).toBe(ids.length);
      for (const m of first.mentions) {
        expect(m.network).toBe(connector.network);
        expect(m.text.length).toBeGreaterThan(0);
        expect(Number.isNaN(Date.parse(m.createdAt))).toBe(false);
        expect(m.replyTarget.externalId).toBeTruthy();
      }
      const again = await drain(connector, ctx, first.cursor);
      expect(again.mentions.filter((m) => ids.includes(m.externalId))).toEqual([]);

      await emu.inject({ count: 2 });
      const next = await drain(connector, ctx, again.cursor);
      const fresh = next.mentions.filter((m) => !ids.includes(m.externalId));
      expect(fresh.length).toBeGreaterThanOrEqual(2);
    });

    it('verifies webhooks: accepts a signed delivery, refuses a forged one', async () => {
      if (!connector.webhook || !emu.webhookDelivery) {
        expect(connector.network).toBe('email'); // email arrives by IMAP or the inbound SMTP listener
        return;
      }
      const good = await emu.webhookDelivery({ text: 'contract webhook: my order is late' });
      expect(connector.webhook.verify(ctx, good)).toEqual({ type: 'accept' });
      const parsed = (await connector.webhook.parse(ctx, good));
      expect(parsed.map((m) => m.text).join(' ')).toContain('contract webhook: my order is late');
      const forged = await emu.webhookDelivery({ forge: true });
      expect(connector.webhook.verify(ctx, forged)).toMatchObject({ type: 'reject', status: 401 });
    });

    it('replies, and the network records the reply once', async () => {
      await emu.inject({ count: 1 });
      const { mentions } = await drain(connector, ctx, null);
      const target = mentions[0]!;
      const text = `Contract reply on ${connector.network}: sorry, fixing it now.`;
      const sent = await connector.reply(ctx, target.replyTarget, text, `contract-${connector.network}-1`);
      expect(sent.externalId).toBeTruthy();
      const replies = await emu.replies();
      expect(replies.filter((r) => r.text.includes(text))).toHaveLength(1);
    });
  });
}
