// Meta webhook bodies in the shapes the networks deliver (fixtures cite their sources), and Graph
// paging by time, against the Graph emulator.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectorContext, IncomingMention, WebhookRequest } from '../src/core/index.ts';
import { facebookConnector, type FacebookCredentials } from '../src/facebook/index.ts';
import { instagramConnector, type InstagramCredentials } from '../src/instagram/index.ts';
import { startGraphEmulator, type GraphEmulator } from '../sandbox/graph/index.ts';
import { signedRequest } from '../sandbox/graph/deliver.ts';
import {
  feedOwnStatusOldShape,
  feedVisitorCommentOldShape,
  feedVisitorPostNoCreatedTime,
  igCommentIdTextOnly,
  igCommentMention,
  igMediaMention,
  mixedPageDelivery,
  pageMentionComment,
} from './fixtures/meta-payloads.ts';

let emu: GraphEmulator;
let fb: ConnectorContext<FacebookCredentials>;
let ig: ConnectorContext<InstagramCredentials>;

async function start(opts: Parameters<typeof startGraphEmulator>[0] = {}) {
  emu = await startGraphEmulator(opts);
  fb = { accountId: 'acc-fb', credentials: emu.facebook.credentials, endpoints: emu.facebook.endpoints };
  ig = { accountId: 'acc-ig', credentials: emu.instagram.credentials, endpoints: emu.instagram.endpoints };
}
afterEach(async () => {
  await emu?.close();
});

/** Signed like Meta signs it; `problems` collects what parse reported as skipped. */
function delivery(payload: unknown, problems: string[] = []): WebhookRequest {
  return { ...signedRequest(emu.store, payload), report: (p) => problems.push(p) };
}
async function parseFb(payload: unknown, problems: string[] = []): Promise<IncomingMention[]> {
  const req = delivery(payload, problems);
  expect(facebookConnector.webhook!.verify(fb, req)).toEqual({ type: 'accept' });
  return facebookConnector.webhook!.parse(fb, req);
}
async function parseIg(payload: unknown, problems: string[] = []): Promise<IncomingMention[]> {
  const req = delivery(payload, problems);
  expect(instagramConnector.webhook!.verify(ig, req)).toEqual({ type: 'accept' });
  return instagramConnector.webhook!.parse(ig, req);
}

describe('Facebook Page webhooks, every delivered shape', () => {
  beforeEach(() => start());

  it('reads a visitor post without value.created_time from the entry time', async () => {
    const pageId = emu.store.page.id;
    const [m, ...rest] = await parseFb(feedVisitorPostNoCreatedTime(pageId));
    expect(rest).toEqual([]);
    expect(m).toMatchObject({
      externalId: `${pageId}_7293787835232`,
      kind: 'post',
      author: { id: '8423678347823', name: 'John Doe' },
      text: "Let's check this",
      createdAt: new Date(1454707020 * 1000).toISOString(),
    });
  });

  it('reads the older sender_id/sender_name shape, and ignores it when it is the Page itself', async () => {
    const pageId = emu.store.page.id;
    const [c] = await parseFb(feedVisitorCommentOldShape(pageId, 8423678347823));
    expect(c).toMatchObject({ kind: 'comment', externalId: '901097836652708_903438993085259', author: { id: '8423678347823', name: 'Tester' }, text: 'and the next one' });
    expect(c!.threadKey).toBe(`${pageId}_901097836652708`);
    expect(await parseFb(feedOwnStatusOldShape(Number(pageId)))).toEqual([]);
    expect(await parseFb(feedVisitorCommentOldShape(pageId, pageId))).toEqual([]); // sender_id as a string
  });

  it('never trusts a numeric id above 2^53: the author is unknown rather than a wrong id', async () => {
    const body = JSON.stringify(feedVisitorCommentOldShape(emu.store.page.id, 0)).replace('"sender_id":0', '"sender_id":10201978818232601');
    const req = { ...signedRequest(emu.store, JSON.parse(body)), rawBody: Buffer.from(body) };
    req.headers['x-hub-signature-256'] = emu.store.sign(req.rawBody).sha256;
    const [c] = await facebookConnector.webhook!.parse(fb, req);
    expect(c!.author.id).toBe('unknown');
    expect(c!.author.name).toBe('Tester');
  });

  it('keeps the Messenger message of a delivery whose other changes are unknown or have no value', async () => {
    const problems: string[] = [];
    const got = await parseFb(mixedPageDelivery(emu.store.page.id), problems);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ kind: 'dm', externalId: 'mid.1457764197618:41d102a3e1ae206a38', text: 'hello, world!', author: { id: '1254459154682919' } });
    expect(problems).toEqual([]); // fields Inbox does not read are not problems
  });

  it('reads a Page @mention in a comment as a mention with an unknown author', async () => {
    const [m] = await parseFb(pageMentionComment(emu.store.page.id));
    expect(m).toMatchObject({ kind: 'mention', externalId: '7363534231324_3754798971271444', author: { id: 'unknown' }, text: 'Just a test message' });
  });

  it('skips and reports a malformed feed change, keeping the rest', async () => {
    const pageId = emu.store.page.id;
    const body = feedVisitorPostNoCreatedTime(pageId);
    body.entry[0]!.changes.unshift({ field: 'feed', value: { item: 'comment', verb: 'add', from: { name: 'x', id: '5' } } as never });
    const problems: string[] = [];
    expect((await parseFb(body, problems)).map((m) => m.kind)).toEqual(['post']);
    expect(problems).toEqual([expect.stringMatching(/facebook feed change \[0\]: comment without comment_id/)]);
  });
});

describe('Instagram webhooks', () => {
  beforeEach(() => start());

  it('accepts a comment change with only id and text, completing it from Graph', async () => {
    const id = emu.instagram.add('comment', 'colour faded after one wash');
    const c = emu.store.igComments.find((x) => x.id === id)!;
    const [m, ...rest] = await parseIg(igCommentIdTextOnly(emu.store.ig.id, id, 'colour faded after one wash'));
    expect(rest).toEqual([]);
    expect(m).toMatchObject({ kind: 'comment', externalId: id, threadKey: c.mediaId, author: { id: c.from.id, handle: c.from.username }, text: 'colour faded after one wash' });
  });

  it('keeps an id+text comment that Graph cannot read, with what the delivery carried', async () => {
    const [m] = await parseIg(igCommentIdTextOnly(emu.store.ig.id, '17999999999999999', 'still a customer'));
    expect(m).toMatchObject({ externalId: '17999999999999999', author: { id: 'unknown' }, text: 'still a customer' });
  });

  it('a comment @mention arrives: the webhook ids are read with mentioned_comment and stored as a mention', async () => {
    const id = emu.instagram.add('mention', 'my parcel never came');
    const c = emu.store.igComments.find((x) => x.id === id)!;
    const [m] = await parseIg(igCommentMention(emu.store.ig.id, c.mediaId, id));
    expect(m).toMatchObject({
      kind: 'mention',
      externalId: id,
      threadKey: c.mediaId,
      author: { id: c.from.id, handle: c.from.username },
      text: `@${emu.store.ig.username} my parcel never came`,
      replyTarget: { kind: 'mention', meta: { mediaId: c.mediaId, commentId: id } },
    });
    // and the reply goes back through POST /{ig-user-id}/mentions, under that comment
    const r = await instagramConnector.reply(ig, m!.replyTarget, 'Sorry! DM us your order number.', 'k1');
    expect(emu.store.igComments.find((x) => x.id === r.externalId)).toMatchObject({ parentId: id, mediaId: c.mediaId });
  });

  it('a caption @mention arrives through mentioned_media; a mention that is gone is skipped and reported', async () => {
    const mediaId = emu.instagram.add('tag', 'love the new bag');
    const [m] = await parseIg(igMediaMention(emu.store.ig.id, mediaId));
    expect(m).toMatchObject({ kind: 'mention', externalId: mediaId, text: expect.stringContaining('love the new bag') });
    const problems: string[] = [];
    expect(await parseIg(igCommentMention(emu.store.ig.id, mediaId, '17000000000000001'), problems)).toEqual([]);
    expect(problems).toEqual([expect.stringMatching(/mentioned comment cannot be read/)]);
  });
});

describe('Graph polling follows time-based paging', () => {
  beforeEach(() => start({ feedPaging: 'time', defaultLimit: 25 }));

  it('walks every feed page when paging.next carries until/__paging_token and no cursors', async () => {
    for (let i = 0; i < 60; i++) emu.facebook.add('post', `visitor post ${i}`);
    const raw = await fetch(`${emu.url}/v24.0/${emu.store.page.id}/feed?access_token=${emu.store.pageToken}&limit=25`).then((r) => r.json() as Promise<{ paging: { cursors?: unknown; next?: string } }>);
    expect(raw.paging.cursors).toBeUndefined();
    expect(raw.paging.next).toMatch(/until=\d+.*__paging_token=|__paging_token=.*until=\d+/);
    const all: IncomingMention[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 50; i++) {
      const r = await facebookConnector.poll(fb, cursor);
      all.push(...r.mentions);
      cursor = r.cursor;
      if (!r.more) break;
    }
    const posts = all.filter((m) => m.kind === 'post').map((m) => m.text);
    expect(new Set(posts).size).toBe(60);
    expect(cursor).not.toContain(emu.store.pageToken); // paging parameters only, never the token
  });
});
