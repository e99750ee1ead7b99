// Emulators keep their state in a file (the demo's data directory): after a restart, replies to
// messages received before it still work, as on a real network.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IncomingMention } from '../src/core/index.ts';
import { facebookConnector } from '../src/facebook/index.ts';
import { instagramConnector } from '../src/instagram/index.ts';
import { sandboxConnector } from '../src/sandbox/index.ts';
import { createXConnector } from '../src/x/index.ts';
import { startGraphEmulator } from '../sandbox/graph/index.ts';
import { startXEmulator } from '../sandbox/x/index.ts';
import { startSandboxEmulator } from '../sandbox/sandbox-network/index.ts';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emu-state-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('emulator state across a restart', () => {
  it('Graph: a Facebook comment, a Messenger message and an Instagram comment from before are answerable after', async () => {
    const stateFile = path.join(dir, 'graph.json');
    const before = await startGraphEmulator({ stateFile });
    const fbCtx = { accountId: 'a', credentials: before.facebook.credentials, endpoints: before.facebook.endpoints };
    const igCtx = { accountId: 'b', credentials: before.instagram.credentials, endpoints: before.instagram.endpoints };
    const [comment] = await facebookConnector.webhook!.parse(fbCtx, before.facebook.deliveryOf('comment', { text: 'broken zip' }));
    const [dm] = await facebookConnector.webhook!.parse(fbCtx, before.facebook.deliveryOf('message', { text: 'where is it' }));
    const [igc] = await instagramConnector.webhook!.parse(igCtx, before.instagram.deliveryOf('comment', { text: 'faded' }));
    await before.close();
    expect(fs.statSync(stateFile).mode & 0o077).toBe(0); // tokens inside: owner only

    const after = await startGraphEmulator({ stateFile });
    try {
      // same credentials: the stored account keeps working
      expect(after.facebook.credentials).toEqual(before.facebook.credentials);
      const fb2 = { ...fbCtx, endpoints: after.facebook.endpoints };
      const ig2 = { ...igCtx, endpoints: after.instagram.endpoints };
      const r1 = await facebookConnector.reply(fb2, comment!.replyTarget, 'Sorry, sending a new one.', 'k1');
      const r2 = await facebookConnector.reply(fb2, dm!.replyTarget, 'Checking now.', 'k2');
      const r3 = await instagramConnector.reply(ig2, igc!.replyTarget, 'Sorry!', 'k3');
      expect(after.store.comments.find((c) => c.id === r1.externalId)?.parentId).toBe(comment!.externalId);
      expect(r2.externalId).toMatch(/^m_/);
      expect(after.store.igComments.find((c) => c.id === r3.externalId)?.parentId).toBe(igc!.externalId);
    } finally {
      await after.close();
    }
  });

  it('X: a reply to a post received before the restart is accepted (in_reply_to_tweet_id exists)', async () => {
    const stateFile = path.join(dir, 'x.json');
    const connector = createXConnector();
    const before = await startXEmulator({ stateFile, seed: 5 });
    await before.inject({ count: 2 });
    const ctx = { accountId: 'x', credentials: before.credentials, endpoints: before.endpoints };
    const polled: IncomingMention[] = (await connector.poll(ctx, null)).mentions;
    const old = polled.find((m) => m.kind !== 'dm')!;
    await before.close();

    const after = await startXEmulator({ stateFile, seed: 6 });
    try {
      expect(after.credentials.accessToken).toBe(before.credentials.accessToken);
      const r = await connector.reply({ ...ctx, endpoints: after.endpoints }, old.replyTarget, 'We are on it.', 'x-k1');
      expect((await after.replies()).find((x) => x.externalId === r.externalId)?.inReplyTo).toBe(old.externalId);
      // and polling after the restart does not hand the old posts over as new ones with other ids
      const again = await connector.poll({ ...ctx, endpoints: after.endpoints }, null);
      expect(again.mentions.map((m) => m.externalId)).toEqual(expect.arrayContaining(polled.map((m) => m.externalId)));
    } finally {
      await after.close();
    }
  });

  it('sandbox: a reply to a message from before the restart is accepted', async () => {
    const stateFile = path.join(dir, 'sandbox.json');
    const before = await startSandboxEmulator({ stateFile });
    await before.inject({ count: 2 });
    const ctx = { accountId: 's', credentials: sandboxConnector.credentials.parse(before.credentials), endpoints: before.endpoints };
    const [m] = (await sandboxConnector.poll(ctx, null)).mentions;
    await before.close();
    const after = await startSandboxEmulator({ stateFile });
    try {
      const r = await sandboxConnector.reply({ ...ctx, endpoints: after.endpoints }, m!.replyTarget, 'Thanks!', 's-k1');
      expect((await after.replies()).map((x) => x.externalId)).toContain(r.externalId);
    } finally {
      await after.close();
    }
  });

  it('without a state file an emulator starts empty (tests stay independent)', async () => {
    const a = await startSandboxEmulator();
    await a.inject({ count: 1 });
    await a.close();
    const b = await startSandboxEmulator();
    expect(b.messages()).toEqual([]);
    await b.close();
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
