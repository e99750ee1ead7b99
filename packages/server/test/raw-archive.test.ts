// Raw archive, parse-failure accounting and replay, through the real server, FerretDB and the Graph emulator.
import { execFile } from 'node:child_process';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestInbox, type TestInbox } from '../../../tests/support/inbox.ts';
import { REPO_ROOT } from '../src/config.ts';
import { connectSandbox } from '../../../tests/support/sandbox-account.ts';
import { startGraphEmulator, type GraphEmulator } from '../../connectors/sandbox/graph/index.ts';
import { signedRequest } from '../../connectors/sandbox/graph/deliver.ts';
import { feedVisitorPostNoCreatedTime, mixedPageDelivery } from '../../connectors/test/fixtures/meta-payloads.ts';
import { upsertAccount } from '../src/demo/accounts.ts';
import { createLogger } from '../src/logger.ts';
import { Account, type AccountDoc } from '../src/models/account.ts';
import { Message as Mention } from '../src/models/message.ts';
import { RawDelivery } from '../src/archive/raw-delivery.ts';
import { replayRange } from '../src/archive/replay.ts';
import { pruneArchive } from '../src/archive/prune.ts';
import type { SandboxEmulator } from '../../connectors/sandbox/index.ts';

const lines: string[] = [];
const sink = new Writable({
  write(chunk, _enc, cb) {
    lines.push(String(chunk));
    cb();
  },
});

describe('raw archive, parse failures and replay', () => {
  let inbox: TestInbox;
  let emu: GraphEmulator;
  let sandbox: SandboxEmulator;
  let fb: AccountDoc;
  let url: string;

  beforeAll(async () => {
    inbox = await startTestInbox({ log: createLogger('info', sink) });
    emu = await startGraphEmulator();
    fb = await upsertAccount(inbox.registry, inbox.box, { network: 'facebook', name: 'fb-archive', credentials: emu.facebook.credentials, endpoints: emu.facebook.endpoints, brandHandles: [] });
    url = `${inbox.url}/webhooks/facebook/${String(fb._id)}`;
  });
  afterAll(async () => {
    await sandbox?.close();
    await emu?.close();
    await inbox?.close();
  });

  const deliver = (payload: unknown | string) => {
    const req = typeof payload === 'string' ? { headers: { 'x-hub-signature-256': emu.store.sign(Buffer.from(payload)).sha256 }, rawBody: Buffer.from(payload) } : signedRequest(emu.store, payload);
    return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(req.headers as Record<string, string>) }, body: req.rawBody });
  };
  const health = async () => (await Account.findById(fb._id).lean<AccountDoc>())!.health as AccountDoc['health'] & { parseFailures?: number; lastParseError?: { at: Date; message: string } };

  it('keeps the Messenger message of a delivery with an unknown, value-less change; the body is archived first', async () => {
    const res = await deliver(mixedPageDelivery(emu.store.page.id));
    expect(res.status).toBe(200);
    expect(await Mention.countDocuments({ account: fb._id, externalId: 'mid.1457764197618:41d102a3e1ae206a38' })).toBe(1);
    const row = await RawDelivery.findOne({ account: fb._id, source: 'webhook' }).lean();
    expect(row).toMatchObject({ network: 'facebook', parsed: 'ok', mentions: 1 });
    expect(JSON.parse(row!.body)).toEqual(mixedPageDelivery(emu.store.page.id));
    expect((await health()).parseFailures ?? 0).toBe(0);
  });

  it('a signed delivery that cannot be parsed: 400, logged without its body, counted on the account, shown to admins, kept failed', async () => {
    lines.length = 0;
    const body = '{"object":"page","entry":"SECRET-CUSTOMER-TEXT not a list"}';
    const res = await deliver(body);
    expect(res.status).toBe(400);
    const logged = lines.filter((l) => l.includes('could not be parsed'));
    expect(logged).toHaveLength(1);
    expect(lines.join('')).not.toContain('SECRET-CUSTOMER-TEXT');
    const h = await health();
    expect(h.parseFailures).toBe(1);
    expect(h.lastParseError?.message).toMatch(/facebook webhook/);
    expect(h.lastParseError?.message).not.toContain('SECRET');
    const listed = await inbox.admin.getJson<{ data: { id: string; health: { parseFailures: number; lastParseError: { message: string } } }[] }>('/api/accounts');
    expect(listed.body.data.find((a) => a.id === String(fb._id))?.health).toMatchObject({ parseFailures: 1, lastParseError: { message: expect.stringMatching(/facebook webhook/) } });
    expect(await RawDelivery.countDocuments({ account: fb._id, parsed: 'failed' })).toBe(1);
  });

  it('a partly malformed delivery is stored, and its skipped part counted', async () => {
    const body = feedVisitorPostNoCreatedTime(emu.store.page.id);
    body.entry[0]!.changes.unshift({ field: 'feed', value: { item: 'comment', verb: 'add' } as never });
    expect((await deliver(body)).status).toBe(200);
    expect(await Mention.countDocuments({ account: fb._id, externalId: `${emu.store.page.id}_7293787835232` })).toBe(1);
    expect((await health()).parseFailures).toBe(2);
    expect(await RawDelivery.countDocuments({ account: fb._id, parsed: 'partial' })).toBe(1);
  });

  it('replays a range idempotently, including a body an older version refused (by npm run replay)', async () => {
    // What the previous parser left behind: a visitor post without created_time, refused and archived failed.
    const lost = feedVisitorPostNoCreatedTime(emu.store.page.id);
    lost.entry[0]!.changes[0]!.value.post_id = `${emu.store.page.id}_55501`;
    const at = new Date(Date.now() - 60_000);
    const body = JSON.stringify(lost);
    await RawDelivery.collection.insertOne({ account: fb._id, network: 'facebook', source: 'webhook', receivedAt: at, body, bytes: body.length, parsed: 'failed', error: 'value.created_time is missing', mentions: 0, replayedAt: null });
    const from = new Date(at.getTime() - 1000);
    const first = await replayRange({ registry: inbox.registry, box: inbox.box }, String(fb._id), from, new Date());
    expect(first).toMatchObject({ inserted: 1, failed: 1 }); // the unreadable body of the earlier test still fails
    expect(await Mention.countDocuments({ account: fb._id, externalId: `${emu.store.page.id}_55501` })).toBe(1);
    const run = promisify(execFile);
    const out = await run(process.execPath, ['--import', 'tsx', 'packages/server/scripts/replay.ts', '--account', String(fb._id), '--from', from.toISOString()], {
      cwd: REPO_ROOT,
      env: { ...process.env, MONGODB_URI: inbox.testDb.uri, INBOX_SECRET_KEY: inbox.secretKey, INBOX_DATA_DIR: inbox.dataDir, LOG_LEVEL: 'silent' },
    }).catch((e: { stdout: string; code: number }) => e);
    const summary = JSON.parse(out.stdout.trim().split('\n').pop()!);
    expect(summary.inserted).toBe(0);
    expect(summary.duplicates).toBe(summary.mentions);
    expect(summary.mentions).toBeGreaterThanOrEqual(3);
    expect(await Mention.countDocuments({ account: fb._id })).toBe(3);
    expect(await RawDelivery.countDocuments({ account: fb._id, replayedAt: { $ne: null } })).toBe(await RawDelivery.countDocuments({ account: fb._id }));
  });

  it('keeps each poll page before ingest; prunes by age, then by size (oldest first)', async () => {
    ({ emulator: sandbox } = await connectSandbox(inbox));
    const account = (await Account.findOne({ network: 'sandbox' }).lean<AccountDoc>())!;
    await sandbox.inject({ count: 3 });
    const outcome = await inbox.poller.pollAccount(String(account._id));
    expect(outcome.inserted).toBe(3);
    const page = await RawDelivery.findOne({ account: account._id, source: 'poll' }).lean();
    expect(page).toMatchObject({ parsed: 'ok', mentions: 3 });
    expect(JSON.parse(page!.body).mentions).toHaveLength(3);

    const old = new Date(Date.now() - 8 * 86_400_000);
    await RawDelivery.collection.insertOne({ account: account._id, network: 'sandbox', source: 'poll', receivedAt: old, body: '{"mentions":[]}', bytes: 15, parsed: 'ok', error: null, mentions: 0, replayedAt: null });
    const big = 'x'.repeat(400_000);
    for (let i = 0; i < 3; i++) {
      await RawDelivery.collection.insertOne({ account: account._id, network: 'sandbox', source: 'webhook', receivedAt: new Date(Date.now() - (3 - i) * 1000), body: big, bytes: big.length, parsed: 'ok', error: null, mentions: 0, replayedAt: null });
    }
    const before = await RawDelivery.countDocuments({});
    const pruned = await pruneArchive({ days: 7, megabytes: 0.5 });
    expect(pruned.byAge).toBe(1);
    expect(pruned.bySize).toBeGreaterThanOrEqual(2);
    const left = await RawDelivery.find({}, { bytes: 1, receivedAt: 1 }).lean();
    expect(left.length).toBe(before - 1 - pruned.bySize);
    expect(left.reduce((n, r) => n + r.bytes, 0)).toBeLessThanOrEqual(0.5 * 1024 * 1024);
    expect(left.some((r) => r.bytes === big.length)).toBe(true); // the newest big body stays
  });
});
