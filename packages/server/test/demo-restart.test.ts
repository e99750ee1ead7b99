// The demo's emulators keep their state in the data directory: after a restart of the demo networks,
// a reply (through the API) to an X post and a Facebook comment received before it still goes out.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestInbox, type TestInbox } from '../../../tests/support/inbox.ts';
import { startDemo, type Demo } from '../src/demo/start-demo.ts';
import { Account, type AccountDoc } from '../src/models/account.ts';
import { Message as Mention } from '../src/models/message.ts';

describe('demo restart', () => {
  let inbox: TestInbox;
  let demo: Demo | null = null;
  const start = () => startDemo({ registry: inbox.registry, box: inbox.box, log: inbox.log, serverUrl: inbox.url, stateDir: path.join(inbox.dataDir, 'emulators'), trafficMs: 3_600_000 });

  beforeAll(async () => {
    inbox = await startTestInbox();
  });
  afterAll(async () => {
    await demo?.stop();
    await inbox?.close();
  });

  it('replies to messages received before the restart', async () => {
    demo = await start();
    const accounts = await Account.find({ network: { $in: ['x', 'facebook'] } }).lean<AccountDoc[]>();
    for (const a of accounts) await inbox.poller.pollAccount(String(a._id));
    const before = new Map<string, string>();
    for (const network of ['x', 'facebook'] as const) {
      const m = await Mention.findOne({ network, kind: { $in: ['mention', 'comment'] } }).lean();
      expect(m, network).toBeTruthy();
      before.set(network, String(m!.conversation));
    }
    await demo.stop();

    demo = await start(); // new ports, same state files
    for (const [network, id] of before) {
      const sent = await inbox.agent.getJson(`/api/conversations/${id}/replies`, { method: 'POST', body: JSON.stringify({ text: `After the restart (${network})`, key: `restart-${network}` }) });
      expect(sent.status, `${network}: ${JSON.stringify(sent.body)}`).toBe(201);
    }
  });
});
