import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncomingMention } from '@inbox/connectors';
import type { Alert } from '@inbox/contract';
import { startTestInbox, type TestInbox } from '../../../tests/support/inbox.ts';
import { connectSandbox } from '../../../tests/support/sandbox-account.ts';
import type { SandboxEmulator } from '../../connectors/sandbox/index.ts';
import type { AccountDoc } from '../src/models/account.ts';
import { ingest } from '../src/ingest/pipeline.ts';
import { checkSpikes } from '../src/analytics/spikes.ts';

const HOUR = 3_600_000;

/** `n` calm English messages written `hoursAgo` hours ago (0: now), through the real pipeline. */
function calm(n: number, hoursAgo: number): IncomingMention[] {
  const at = new Date(Date.now() - hoursAgo * HOUR).toISOString();
  return Array.from({ length: n }, (_, i) => ({
    network: 'sandbox' as const,
    externalId: `calm-${hoursAgo}-${i}`,
    threadKey: `calm-${hoursAgo}-${i}`,
    kind: 'comment' as const,
    visibility: 'public' as const,
    author: { id: `u${i}`, handle: `user${i}`, reach: 10 },
    text: `Thanks, great support today ${i}`,
    createdAt: at,
    replyTarget: { kind: 'comment', id: `calm-${hoursAgo}-${i}` } as never,
  }));
}

describe('spike alerts', () => {
  let inbox: TestInbox;
  let emulator: SandboxEmulator;
  let account: AccountDoc;

  beforeAll(async () => {
    inbox = await startTestInbox();
    ({ emulator, account } = await connectSandbox(inbox));
    // Steady traffic: 8 messages every hour for a day, and as many this hour.
    for (let h = 0; h <= 24; h++) await ingest(account, calm(8, h));
  });
  afterAll(async () => {
    await emulator?.close();
    await inbox?.close();
  });

  it('raises none for steady traffic', async () => {
    expect(await checkSpikes(new Date())).toEqual([]);
    expect((await inbox.viewer.getJson(`${inbox.url}/api/alerts`)).body.data).toEqual([]);
  });

  it('raises a complaint-share alert when complaints jump', async () => {
    const angry = calm(12, 0).map((m, i) => ({ ...m, externalId: `angry-${i}`, threadKey: `angry-${i}`, text: `My order ${1000 + i} never arrived, I want a refund now! Terrible service @shopco` }));
    await ingest(account, angry);
    const raised = await checkSpikes(new Date());
    // 12 complaints among 20 messages this hour, none before: a jump of 60 points, but no volume spike (20 < 3 × 8).
    expect(raised.map((a) => `${a.kind} ${a.dimension} ${a.key}`).sort(), JSON.stringify(raised)).toEqual(['complaint_share lang en', 'complaint_share network sandbox']);
  });

  it('raises one for a burst from the emulator, listed and acknowledged once', async () => {
    await emulator.inject({ count: 80 });
    expect((await inbox.poller.pollAccount(String(account._id))).error).toBeUndefined();
    const raised = await checkSpikes(new Date());
    const volume = raised.find((a) => a.kind === 'volume' && a.dimension === 'network' && a.key === 'sandbox');
    expect(volume).toBeDefined();
    expect(volume!.figures!.messages).toBeGreaterThan(3 * volume!.figures!.baselineHourlyMean);
    // The next run in the same hour raises nothing again.
    expect(await checkSpikes(new Date())).toEqual([]);

    const listed: Alert[] = (await inbox.viewer.getJson(`${inbox.url}/api/alerts`)).body.data;
    expect(listed.map((a) => a.id)).toContain(volume!._id);
    expect((await inbox.viewer.getJson(`${inbox.url}/api/alerts/${volume!._id}/ack`, { method: 'POST' })).status).toBe(403);
    const ack = await inbox.agent.getJson(`${inbox.url}/api/alerts/${volume!._id}/ack`, { method: 'POST' });
    expect(ack.status).toBe(200);
    expect(ack.body.data).toMatchObject({ acknowledged: true, acknowledgedBy: 'agent@test.local' });
    const open: Alert[] = (await inbox.viewer.getJson(`${inbox.url}/api/alerts?acknowledged=false`)).body.data;
    expect(open.map((a) => a.id)).not.toContain(volume!._id);
    expect((await inbox.agent.getJson(`${inbox.url}/api/alerts/volume.network.nothing.1/ack`, { method: 'POST' })).status).toBe(404);
  });

});
