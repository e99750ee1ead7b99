// Each network end to end: an event on the emulated network → webhook (or mail) → the inbox's SSE
// stream and list; then a reply typed in the inbox → the emulated network's record.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import nodemailer from 'nodemailer';
import { startTestInbox, waitFor, type TestInbox } from './support/inbox.ts';
import { upsertAccount } from '../packages/server/src/demo/accounts.ts';
import { startXEmulator, startGraphEmulator, startEmailEmulator, type GraphEmulator, type XEmulatorHandle, type EmailEmulatorHandle } from '../packages/connectors/sandbox/index.ts';
import type { Network } from '../packages/connectors/src/index.ts';
import type { AccountDoc } from '../packages/server/src/models/account.ts';
import type { Conversation } from '@inbox/contract';
import { recordResponse } from './support/artifacts.ts';

type Listed = Conversation;

describe('networks end to end', () => {
  let inbox: TestInbox;
  let x: XEmulatorHandle;
  let graph: GraphEmulator;
  let mail: EmailEmulatorHandle;
  const accounts: Partial<Record<Network, AccountDoc>> = {};
  let sse = '';
  const ctrl = new AbortController();

  beforeAll(async () => {
    inbox = await startTestInbox({ env: { INBOX_SMTP_PORT: '0' } });
    const connect = (network: Network, credentials: Record<string, unknown>, endpoints: Record<string, string>) =>
      upsertAccount(inbox.registry, inbox.box, { network, name: `e2e ${network}`, credentials, endpoints, brandHandles: ['shopco'] });
    x = await startXEmulator({ brandHandle: 'shopco', seed: 5 });
    graph = await startGraphEmulator({ brand: 'ShopCo', seed: 5 });
    mail = await startEmailEmulator({ address: 'care@shopco.example', seed: 5 });
    accounts.x = await connect('x', x.credentials, x.endpoints);
    accounts.facebook = await connect('facebook', graph.facebook.credentials, graph.facebook.endpoints);
    accounts.instagram = await connect('instagram', graph.instagram.credentials, graph.instagram.endpoints);
    accounts.email = await connect('email', mail.credentials, mail.endpoints);
    await x.registerWebhook(`${inbox.url}/webhooks/x/${String(accounts.x._id)}`);
    expect(await graph.subscribe('page', `${inbox.url}/webhooks/facebook/${String(accounts.facebook._id)}`)).toBe(true);
    expect(await graph.subscribe('instagram', `${inbox.url}/webhooks/instagram/${String(accounts.instagram._id)}`)).toBe(true);

    const res = await inbox.admin.fetch('/api/stream', { signal: ctrl.signal });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    void (async () => {
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true as const }));
        if (done) return;
        sse += new TextDecoder().decode(value);
      }
    })();
  });
  afterAll(async () => {
    ctrl.abort();
    recordResponse('GET', '/api/stream', 200, sse);
    await Promise.allSettled([x?.close(), graph?.close(), mail?.close()]);
    await inbox?.close();
  });

  async function arrivesLiveAndReply(network: Network, marker: string, recorded: () => Promise<Array<{ text: string }>>) {
    await waitFor(() => sse.includes(marker), 20_000);
    const { body } = await inbox.admin.getJson(`/api/conversations?network=${network}&limit=100`);
    const found = (body.data as Listed[]).filter((c) => c.lastMessage.text.includes(marker));
    expect(found).toHaveLength(1);
    const reply = `Reply from the inbox to ${network} ${Date.now()}`;
    const sent = await inbox.agent.getJson(`/api/conversations/${found[0]!.id}/replies`, {
      method: 'POST',
      body: JSON.stringify({ text: reply, key: `e2e-${network}-reply` }),
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    await waitFor(async () => (await recorded()).some((r) => r.text.includes(reply)), 10_000);
  }

  it('X: a mention delivered by Account Activity webhook, and a reply', async () => {
    const marker = `x-e2e ${Date.now()} my order is late @shopco`;
    await x.injectMention({ text: marker });
    await arrivesLiveAndReply('x', marker, () => x.replies());
  });

  it('X: a direct message delivered by webhook, and a reply', async () => {
    const marker = `x-dm-e2e ${Date.now()} where is my refund`;
    await x.injectDm({ text: marker });
    await arrivesLiveAndReply('x', marker, () => x.replies());
  });

  it('Facebook: a Page comment delivered by the feed webhook, and a reply', async () => {
    const marker = `fb-e2e ${Date.now()} the parcel came broken`;
    graph.facebook.add('comment', marker);
    await arrivesLiveAndReply('facebook', marker, () => graph.facebook.replies());
  });

  it('Facebook: a Messenger message, and a reply', async () => {
    const marker = `fb-msg-e2e ${Date.now()} nobody answers my emails`;
    graph.facebook.add('message', marker);
    await arrivesLiveAndReply('facebook', marker, () => graph.facebook.replies());
  });

  it('Instagram: a comment and a DM by webhook, with replies', async () => {
    const c = `ig-e2e ${Date.now()} wrong size delivered`;
    graph.instagram.add('comment', c);
    await arrivesLiveAndReply('instagram', c, () => graph.instagram.replies());
    const d = `ig-dm-e2e ${Date.now()} cancel my order please`;
    graph.instagram.add('message', d);
    await arrivesLiveAndReply('instagram', d, () => graph.instagram.replies());
  });

  it('Instagram: a comment @mention (webhook with ids only, text read from Graph), and a reply under it', async () => {
    const c = `ig-mention-e2e ${Date.now()} my parcel never came`;
    graph.instagram.add('mention', c);
    await arrivesLiveAndReply('instagram', c, () => graph.instagram.replies());
  });

  it('Email: mail forwarded to the inbound SMTP listener, and a reply over SMTP', async () => {
    const smtpPort = inbox.inboundSmtpPort;
    expect(smtpPort).toBeTypeOf('number');
    const marker = `email-e2e ${Date.now()} I was charged twice`;
    const t = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort!, secure: false, ignoreTLS: true });
    await t.sendMail({ from: 'Amina <amina@customer.example>', to: 'care@shopco.example', subject: 'Charged twice', text: marker });
    await arrivesLiveAndReply('email', marker, () => mail.replies());
  });

  it('Email: mail in the mailbox, by IMAP polling, stored once even when also forwarded', async () => {
    const marker = `email-imap-e2e ${Date.now()} still no delivery`;
    await mail.inject({ text: marker });
    const out = await inbox.poller.pollAccount(String(accounts.email!._id));
    expect(out.error).toBeUndefined();
    await waitFor(() => sse.includes(marker), 10_000);
    const again = await inbox.poller.pollAccount(String(accounts.email!._id));
    expect(again.inserted).toBe(0);
    const { body } = await inbox.admin.getJson(`/api/conversations?network=email&limit=100`);
    expect((body.data as Listed[]).filter((c) => c.lastMessage.text.includes(marker))).toHaveLength(1);
  });

  it('polls every network too, storing nothing twice', async () => {
    for (const network of ['x', 'facebook', 'instagram', 'email'] as const) {
      const id = String(accounts[network]!._id);
      const first = await inbox.poller.pollAccount(id);
      expect(first.error, network).toBeUndefined();
      const second = await inbox.poller.pollAccount(id);
      expect(second.inserted, network).toBe(0);
    }
  });
});
