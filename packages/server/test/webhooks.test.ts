import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestInbox, type TestInbox } from '../../../tests/support/inbox.ts';
import { connectSandbox } from '../../../tests/support/sandbox-account.ts';
import type { SandboxEmulator } from '../../connectors/sandbox/index.ts';
import type { AccountDoc } from '../src/models/account.ts';
import { Message } from '../src/models/message.ts';
import { hmacSha256 } from '@inbox/connectors';

describe('webhooks', () => {
  let inbox: TestInbox;
  let emulator: SandboxEmulator;
  let account: AccountDoc;
  let url: string;

  beforeAll(async () => {
    inbox = await startTestInbox();
    ({ emulator, account } = await connectSandbox(inbox));
    url = `${inbox.url}/webhooks/sandbox/${String(account._id)}`;
  });
  afterAll(async () => {
    await emulator?.close();
    await inbox?.close();
  });

  const post = (headers: Record<string, string | undefined>, body: Buffer | string) =>
    fetch(url, { method: 'POST', headers: headers as Record<string, string>, body });

  it('stores a signed delivery once, even when delivered twice', async () => {
    const d = await emulator.webhookDelivery({ text: 'Webhook: my refund never came' });
    for (let i = 0; i < 2; i++) expect((await post(d.headers, d.rawBody)).status).toBe(200);
    expect(await Message.countDocuments({ text: 'Webhook: my refund never came' })).toBe(1);
  });

  it('refuses a forged or unsigned delivery and stores nothing', async () => {
    const forged = await emulator.webhookDelivery({ forge: true, text: 'forged message' });
    const res = await post(forged.headers, forged.rawBody);
    expect(res.status).toBe(401);
    expect(await res.text()).not.toContain('forged message');
    const unsigned = await post({ 'content-type': 'application/json' }, forged.rawBody);
    expect(unsigned.status).toBe(401);
    expect(await Message.countDocuments({ text: 'forged message' })).toBe(0);
  });

  it('answers 400 to a correctly signed but malformed payload, storing nothing', async () => {
    const secret = String(emulator.credentials.webhookSecret);
    for (const body of ['{not json', JSON.stringify({ event: 'message.created', message: { id: 'x' } })]) {
      const sig = `sha256=${hmacSha256(secret, body).toString('hex')}`;
      const res = await post({ 'content-type': 'application/json', 'x-sandbox-signature': sig }, body);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: string }).error).toMatch(/JSON|malformed/);
    }
    expect(await Message.countDocuments({ externalId: 'x' })).toBe(0);
  });

  it('refuses oversized bodies and unknown accounts', async () => {
    const big = Buffer.alloc(2 * 1024 * 1024, 'a');
    expect((await post({ 'content-type': 'application/json' }, big)).status).toBe(413);
    const other = await fetch(`${inbox.url}/webhooks/sandbox/0123456789abcdef01234567`, { method: 'POST', body: '{}' });
    expect(other.status).toBe(404);
    const wrongNet = await fetch(`${inbox.url}/webhooks/myspace/${String(account._id)}`, { method: 'POST', body: '{}' });
    expect(wrongNet.status).toBe(400);
  });
});
