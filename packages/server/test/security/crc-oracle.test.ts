// The X CRC endpoint answers HMAC(consumer secret, crc_token) to anyone. It must never sign a
// delivery: the attack sends a forged delivery body as the token and posts it with the answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestInbox, waitFor, type TestInbox } from '../../../../tests/support/inbox.ts';
import { startXEmulator, type XEmulatorHandle } from '../../../connectors/sandbox/x/index.ts';
import { upsertAccount } from '../../src/demo/accounts.ts';
import { Message } from '../../src/models/message.ts';

describe('X CRC signing oracle', () => {
  let inbox: TestInbox;
  let emu: XEmulatorHandle;
  let hook = '';

  beforeAll(async () => {
    inbox = await startTestInbox();
    emu = await startXEmulator({ seed: 5 });
    const account = await upsertAccount(inbox.registry, inbox.box, { network: 'x', name: 'crc', credentials: emu.credentials, endpoints: emu.endpoints, brandHandles: [] });
    hook = `${inbox.url}/webhooks/x/${String(account._id)}`;
  });
  afterAll(async () => {
    await emu?.close();
    await inbox?.close();
  });

  it('refuses a delivery body as crc_token, so the forged delivery is refused and nothing is stored', async () => {
    // A well-formed Account Activity body (the emulator's own shape) with the attacker's text.
    const forged = (await emu.webhookDelivery({ text: 'forged by an attacker' })).rawBody.toString('utf8');
    const crc = await fetch(`${hook}?crc_token=${encodeURIComponent(forged)}`);
    expect(crc.status).toBe(400);
    const answer = ((await crc.json()) as { response_token?: string }).response_token;
    const post = await fetch(hook, { method: 'POST', headers: { 'content-type': 'application/json', 'x-twitter-webhooks-signature': answer ?? 'sha256=' }, body: forged });
    expect(post.status).toBe(401);
    expect(await Message.countDocuments({ text: /forged by an attacker/ })).toBe(0);
  });

  it('still answers X\'s own CRC (registration through the emulator) and stores genuine deliveries', async () => {
    const reg = await emu.registerWebhook(hook);
    expect(reg.valid).toBe(true);
    const t = await emu.injectMention({ text: 'genuine: my order is late' });
    await waitFor(async () => (await Message.countDocuments({ externalId: t.id })) === 1, 10_000);
  });
});
