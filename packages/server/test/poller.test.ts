import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorError } from '@inbox/connectors';
import { startTestInbox, type TestInbox } from '../../../tests/support/inbox.ts';
import { connectSandbox } from '../../../tests/support/sandbox-account.ts';
import { Account } from '../src/models/account.ts';
import { Message } from '../src/models/message.ts';
import { planAfterFailure, AUTH_FAILURES_BEFORE_REAUTH } from '../src/jobs/backoff.ts';

describe('backoff plan', () => {
  const fresh = { consecutiveFailures: 0, authFailures: 0 };
  it('waits for the network reset on rate_limited', () => {
    const now = 1_000_000;
    const plan = planAfterFailure(new ConnectorError('rate_limited', 'slow down', { retryAt: new Date(now + 90_000) }), fresh, 2000, now);
    expect(plan.state).toBe('rate_limited');
    expect(plan.nextAttemptAt?.getTime()).toBe(now + 90_000);
  });
  it('backs off exponentially with jitter on transient errors', () => {
    const now = 0;
    const lo = planAfterFailure(new ConnectorError('transient', 'x'), { consecutiveFailures: 3, authFailures: 0 }, 1000, now, () => 0);
    const hi = planAfterFailure(new ConnectorError('transient', 'x'), { consecutiveFailures: 3, authFailures: 0 }, 1000, now, () => 0.999);
    expect(lo.nextAttemptAt!.getTime()).toBe(8000);
    expect(hi.nextAttemptAt!.getTime()).toBeCloseTo(23_984, -2);
    const capped = planAfterFailure(new ConnectorError('transient', 'x'), { consecutiveFailures: 40, authFailures: 0 }, 1000, now, () => 0.5);
    expect(capped.nextAttemptAt!.getTime()).toBe(15 * 60_000);
  });
  it('asks for re-authentication after repeated auth failures', () => {
    let prev = fresh;
    let plan = planAfterFailure(new ConnectorError('auth', 'expired'), prev, 1000);
    for (let i = 1; i < AUTH_FAILURES_BEFORE_REAUTH; i++) {
      prev = plan;
      plan = planAfterFailure(new ConnectorError('auth', 'expired'), prev, 1000);
    }
    expect(plan.state).toBe('needs_reauth');
    expect(plan.nextAttemptAt).toBeNull();
  });
});

describe('poller (agenda job runner)', () => {
  let inbox: TestInbox;
  beforeAll(async () => {
    inbox = await startTestInbox();
  });
  afterAll(async () => {
    await inbox?.close();
  });

  it('pages until the network is drained and keeps the cursor only after storing', async () => {
    const { emulator, account } = await connectSandbox(inbox, { seed: 11 });
    const id = String(account._id);
    await emulator.inject({ count: 120 });
    const out = await inbox.poller.pollAccount(id);
    expect(out).toMatchObject({ inserted: 120, pages: 3 });
    const saved = await Account.findById(id).lean();
    expect(saved?.cursor).toBe('120');
    expect(saved?.health?.state).toBe('ok');

    // The network fails: nothing stored, cursor unchanged, health says why, next try is later.
    await emulator.inject({ count: 5 });
    emulator.failWith(500);
    const failed = await inbox.poller.pollAccount(id);
    expect(failed.error).toMatch(/^transient/);
    const after = await Account.findById(id).lean();
    expect(after?.cursor).toBe('120');
    expect(after?.health?.state).toBe('error');
    expect(after?.health?.nextAttemptAt?.getTime()).toBeGreaterThan(Date.now());
    expect((await inbox.poller.pollAccount(id)).skipped).toBe('backing off');

    // Recovery picks up exactly what was missed.
    emulator.failWith(0);
    await Account.updateOne({ _id: id }, { $set: { 'health.nextAttemptAt': null } });
    expect(await inbox.poller.pollAccount(id)).toMatchObject({ inserted: 5 });
    expect(await Message.countDocuments({ account: account._id })).toBe(125);
    await emulator.close();
  });

  it('waits for the reset time on 429 and flags needs_reauth after repeated 401s', async () => {
    const { emulator, account } = await connectSandbox(inbox, { seed: 12 });
    const id = String(account._id);
    emulator.failWith(429);
    await inbox.poller.pollAccount(id);
    let a = await Account.findById(id).lean();
    expect(a?.health?.state).toBe('rate_limited');
    expect(a?.health?.nextAttemptAt?.getTime()).toBeGreaterThan(Date.now());

    emulator.failWith(401);
    for (let i = 0; i < 3; i++) {
      await Account.updateOne({ _id: id }, { $set: { 'health.nextAttemptAt': null } });
      await inbox.poller.pollAccount(id);
    }
    a = await Account.findById(id).lean();
    expect(a?.health?.state).toBe('needs_reauth');
    expect((await inbox.poller.pollAccount(id)).skipped).toBe('needs_reauth');
    await emulator.close();
  });

  it('polls on its own through agenda', async () => {
    const { emulator, account } = await connectSandbox(inbox, { seed: 13 });
    await inbox.poller.schedule(account);
    await emulator.inject({ count: 3 });
    const deadline = Date.now() + 20_000;
    let n = 0;
    while (Date.now() < deadline && n < 3) {
      n = await Message.countDocuments({ account: account._id });
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(n).toBe(3);
    await emulator.close();
  });
});
