// Graph API emulator (Facebook Pages, Messenger, Instagram) on a free 127.0.0.1 port.
//
//   const emu = await startGraphEmulator();
//   emu.facebook / emu.instagram      EmulatorHandle each (endpoints { graph: emu.url }, credentials, inject, …)
//   await emu.subscribe('page', url)  subscribe a webhook callback (Meta's hub.challenge check first)
//   emu.startTraffic(2000)            generated comments, visitor posts, tags and DMs; webhooks delivered
//   await emu.close()                 (either handle's close() closes the shared server too)
//
// Graph paths: /v24.0/{page-id}, /{page-id}/feed|visitor_posts, /{post-id}/comments, /{comment-id}/comments,
// /{page-id}/messages (Send API), /{ig-user-id}, /{ig-user-id}/media|tags|messages|mentions,
// /{ig-media-id}/comments, /{ig-comment-id}/replies, /{app-id}/subscriptions.
// Test controls (not Graph): /_emulator/{state,inject,throttle,expire-token,replies,subscriptions,traffic,deliveries}.
import express from 'express';
import type { EmulatorHandle, RecordedReply } from '../harness.ts';
import { listen } from '../http.ts';
import type { WebhookRequest } from '../../src/core/index.ts';
import { createGraphApp, type AppOptions } from './app.ts';
import { Deliveries, signedRequest, type WebhookObject } from './deliver.ts';
import {
  fbCommentWebhook,
  fbMessageWebhook,
  fbPostWebhook,
  igCommentMentionWebhook,
  igCommentWebhook,
  igMentionWebhook,
  igMessageWebhook,
} from './payloads.ts';
import { GraphStore, type GraphNetwork, type GraphState, type StoreOptions, type ThrottleRule } from './store.ts';
import { loadState, stateWriter } from '../state-file.ts';

export type FacebookInboundKind = 'comment' | 'post' | 'message';
/** `mention`: a customer @mentions the brand in a comment on someone else's media. */
export type InstagramInboundKind = 'comment' | 'tag' | 'mention' | 'message';

export interface ThrottleOptions {
  /** Graph error code (default 80001 for facebook, 80002 for instagram). */
  code?: number;
  /** HTTP status (Graph answers throttling with 400 mostly; 429 is accepted too). Default 400. */
  status?: number;
  /** estimated_time_to_regain_access in minutes (default 5). */
  minutes?: number;
  /** Number of requests to refuse (default 1). */
  count?: number;
  retryAfterSeconds?: number;
  /** Echo the request URL, access_token included, in the error message. */
  echoUrl?: boolean;
}

interface GraphHandleExtras<K extends string> {
  /** A customer writes one inbound item of `kind`; returns its Graph id (comment id, post id, mid). */
  add(kind: K, text?: string): string;
  /** A signed webhook delivery for a new inbound item of `kind`. */
  deliveryOf(kind: K, opts?: { forge?: boolean; text?: string }): WebhookRequest;
  /** The GET Meta sends to verify a callback. */
  verificationRequest(opts?: { verifyToken?: string; challenge?: string }): WebhookRequest;
  /** Refuse the next request(s) of this network with a throttling error. */
  throttle(opts?: ThrottleOptions): void;
  /** Make the current access token expired (OAuthException 190/463). */
  expireToken(): void;
}

export type FacebookEmulatorHandle = EmulatorHandle & GraphHandleExtras<FacebookInboundKind> & {
  credentials: { pageId: string; pageAccessToken: string; appSecret: string; verifyToken: string };
};
export type InstagramEmulatorHandle = EmulatorHandle & GraphHandleExtras<InstagramInboundKind> & {
  credentials: { igUserId: string; accessToken: string; appSecret: string; verifyToken: string };
};

export interface GraphEmulator {
  url: string;
  store: GraphStore;
  facebook: FacebookEmulatorHandle;
  instagram: InstagramEmulatorHandle;
  appId: string;
  /** App access token (`{app-id}|{app-secret}`) for POST /{app-id}/subscriptions. */
  appToken: string;
  /** Verifies `callbackUrl` like Meta (GET hub.challenge) and subscribes it; false when it fails. */
  subscribe(object: WebhookObject, callbackUrl: string): Promise<boolean>;
  unsubscribe(object?: WebhookObject): void;
  startTraffic(intervalMs?: number): void;
  stopTraffic(): void;
  /** Waits for in-flight webhook deliveries. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export interface GraphEmulatorOptions extends StoreOptions, AppOptions {
  port?: number;
  /** JSON file holding the emulator's state across restarts (the demo's data directory); none in tests. */
  stateFile?: string;
}

export async function startGraphEmulator(opts: GraphEmulatorOptions = {}): Promise<GraphEmulator> {
  const s = new GraphStore(opts);
  const saved = loadState<GraphState>(opts.stateFile);
  if (saved) s.restore(saved);
  const state = stateWriter(opts.stateFile, () => s.snapshot());
  s.onChange = () => state.touch();
  const deliveries = new Deliveries(s);
  const controls = express.Router();
  const app = createGraphApp(
    s,
    {
      controls,
      onBrandComment(network, id) {
        if (network === 'facebook') {
          const c = s.comments.find((x) => x.id === id);
          if (c) deliveries.deliver('page', fbCommentWebhook(s, c));
        } else {
          const c = s.igComments.find((x) => x.id === id);
          if (c) deliveries.deliver('instagram', igCommentWebhook(s, c));
        }
      },
      onBrandMessage(network, mid) {
        const d = s.dms.find((x) => x.mid === mid);
        if (!d) return;
        if (network === 'facebook') deliveries.deliver('page', fbMessageWebhook(s, d));
        else deliveries.deliver('instagram', igMessageWebhook(s, d));
      },
    },
    deliveries,
    opts,
  );
  const server = await listen(app, opts.port ?? 0);
  let closed: Promise<void> | null = null;
  let traffic: NodeJS.Timeout | null = null;

  // ---- inbound traffic ----
  const rotate = <T>(list: T[], i: number): T => list[i % list.length]!;
  let counter = 0;

  function addFacebook(kind: FacebookInboundKind, text = s.text()): { id: string; payload: unknown } {
    const who = s.customer();
    if (kind === 'comment') {
      const posts = s.brandPosts();
      const post = rotate(posts, counter++);
      // now and then, a customer answers an earlier customer comment on the same post
      const earlier = s.comments.filter((c) => c.postId === post.id && c.from.id !== s.page.id && !c.parentId);
      const parent = earlier.length > 0 && s.rand() < 0.2 ? earlier[earlier.length - 1]!.id : undefined;
      const c = s.addComment(post.id, who, text, parent);
      return { id: c.id, payload: fbCommentWebhook(s, c) };
    }
    if (kind === 'post') {
      const p = s.addPost(who, text);
      return { id: p.id, payload: fbPostWebhook(s, p) };
    }
    const d = s.addDm('facebook', who.id, text, true);
    return { id: d.mid, payload: fbMessageWebhook(s, d) };
  }

  function addInstagram(kind: InstagramInboundKind, text = s.text()): { id: string; payload: unknown } {
    const who = s.customer();
    if (kind === 'comment') {
      const media = rotate(s.ownMedia(), counter++);
      const c = s.addIgComment(media.id, who, text);
      return { id: c.id, payload: igCommentWebhook(s, c) };
    }
    if (kind === 'tag') {
      const m = s.addMedia(who, `${text} @${s.ig.username}`);
      return { id: m.id, payload: igMentionWebhook(s, m) };
    }
    if (kind === 'mention') {
      const host = s.media.find((m) => m.tagged === false) ?? Object.assign(s.addMedia(s.customer(), 'Unboxing my new order'), { tagged: false });
      const c = s.addIgComment(host.id, who, `@${s.ig.username} ${text}`);
      return { id: c.id, payload: igCommentMentionWebhook(s, c) };
    }
    const d = s.addDm('instagram', who.id, text, true);
    return { id: d.mid, payload: igMessageWebhook(s, d) };
  }

  const fbAdd = (kind: FacebookInboundKind, text?: string) => {
    const r = addFacebook(kind, text);
    deliveries.deliver('page', r.payload);
    return r.id;
  };
  const igAdd = (kind: InstagramInboundKind, text?: string) => {
    const r = addInstagram(kind, text);
    deliveries.deliver('instagram', r.payload);
    return r.id;
  };

  const throttle = (network: GraphNetwork, o: ThrottleOptions = {}) => {
    const rule: ThrottleRule = {
      network,
      remaining: o.count ?? 1,
      code: o.code ?? (network === 'facebook' ? 80001 : 80002),
      status: o.status ?? 400,
      minutes: o.minutes ?? 5,
      ...(o.retryAfterSeconds !== undefined ? { retryAfterSeconds: o.retryAfterSeconds } : {}),
      ...(o.echoUrl ? { echoUrl: true } : {}),
    };
    s.throttles.push(rule);
  };

  const verificationRequest = (o: { verifyToken?: string; challenge?: string } = {}): WebhookRequest => ({
    method: 'GET',
    headers: {},
    query: { 'hub.mode': 'subscribe', 'hub.verify_token': o.verifyToken ?? s.verifyToken, 'hub.challenge': o.challenge ?? String(Math.floor(Math.random() * 1e9)) },
    rawBody: Buffer.alloc(0),
  });

  const close = () => {
    if (!closed) {
      if (traffic) clearInterval(traffic);
      traffic = null;
      deliveries.unsubscribe();
      state.flush();
      closed = deliveries.flush().then(() => server.close());
    }
    return closed;
  };

  const facebook: FacebookEmulatorHandle = {
    network: 'facebook',
    endpoints: { graph: server.url },
    credentials: { pageId: s.page.id, pageAccessToken: s.pageToken, appSecret: s.appSecret, verifyToken: s.verifyToken },
    async inject({ count = 1, text } = {}) {
      // pollable inbound items: mostly comments, every fifth a visitor post
      for (let i = 0; i < count; i++) fbAdd(i % 5 === 4 ? 'post' : 'comment', text);
    },
    async webhookDelivery({ forge = false, text } = {}) {
      const r = addFacebook('comment', text);
      return signedRequest(s, r.payload, forge);
    },
    async replies(): Promise<RecordedReply[]> {
      return [...s.replies.facebook];
    },
    close,
    add: fbAdd,
    deliveryOf(kind, { forge = false, text } = {}) {
      return signedRequest(s, addFacebook(kind, text).payload, forge);
    },
    verificationRequest,
    throttle: (o) => throttle('facebook', o),
    expireToken() {
      s.expiredTokens.add(s.pageToken);
    },
  };

  const instagram: InstagramEmulatorHandle = {
    network: 'instagram',
    endpoints: { graph: server.url },
    credentials: { igUserId: s.ig.id, accessToken: s.igToken, appSecret: s.appSecret, verifyToken: s.verifyToken },
    async inject({ count = 1, text } = {}) {
      // pollable inbound items: comments on the account's media, every fifth a tagged media
      for (let i = 0; i < count; i++) igAdd(i % 5 === 4 ? 'tag' : 'comment', text);
    },
    async webhookDelivery({ forge = false, text } = {}) {
      return signedRequest(s, addInstagram('comment', text).payload, forge);
    },
    async replies(): Promise<RecordedReply[]> {
      return [...s.replies.instagram];
    },
    close,
    add: igAdd,
    deliveryOf(kind, { forge = false, text } = {}) {
      return signedRequest(s, addInstagram(kind, text).payload, forge);
    },
    verificationRequest,
    throttle: (o) => throttle('instagram', o),
    expireToken() {
      s.expiredTokens.add(s.igToken);
    },
  };

  const startTraffic = (intervalMs = 3000) => {
    if (traffic) clearInterval(traffic);
    const fbKinds: FacebookInboundKind[] = ['comment', 'comment', 'message', 'post', 'comment', 'message'];
    const igKinds: InstagramInboundKind[] = ['comment', 'message', 'comment', 'tag', 'message', 'mention'];
    let tick = 0;
    traffic = setInterval(() => {
      tick++;
      fbAdd(rotate(fbKinds, tick));
      igAdd(rotate(igKinds, tick));
    }, intervalMs);
    traffic.unref();
  };
  const stopTraffic = () => {
    if (traffic) clearInterval(traffic);
    traffic = null;
  };

  // ---- test controls (not part of the Graph API) ----
  const net = (v: unknown): GraphNetwork => (v === 'instagram' ? 'instagram' : 'facebook');
  controls.get('/state', (_req, res) => {
    res.json({
      url: server.url,
      appId: s.appId,
      page: s.page,
      instagram: s.ig,
      counts: { posts: s.posts.length, comments: s.comments.length, media: s.media.length, igComments: s.igComments.length, dms: s.dms.length },
      subscriptions: deliveries.list(),
      throttles: s.throttles,
    });
  });
  controls.post('/inject', (req, res) => {
    const b = (req.body ?? {}) as { network?: string; kind?: string; count?: number; text?: string };
    const count = Math.min(Math.max(Number(b.count ?? 1) || 1, 1), 500);
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      if (net(b.network) === 'facebook') ids.push(fbAdd((b.kind as FacebookInboundKind) ?? 'comment', b.text));
      else ids.push(igAdd((b.kind as InstagramInboundKind) ?? 'comment', b.text));
    }
    res.json({ ids });
  });
  controls.post('/throttle', (req, res) => {
    const b = (req.body ?? {}) as ThrottleOptions & { network?: string };
    throttle(net(b.network), b);
    res.json({ ok: true });
  });
  controls.post('/expire-token', (req, res) => {
    const n = net((req.body as { network?: string } | undefined)?.network);
    s.expiredTokens.add(n === 'facebook' ? s.pageToken : s.igToken);
    res.json({ ok: true });
  });
  controls.get('/replies', (req, res) => {
    res.json({ data: s.replies[net(req.query.network)] });
  });
  controls.post('/subscriptions', async (req, res) => {
    const b = (req.body ?? {}) as { object?: string; callback_url?: string };
    const object: WebhookObject = b.object === 'instagram' ? 'instagram' : 'page';
    const ok = b.callback_url ? await deliveries.subscribe(object, b.callback_url) : false;
    res.status(ok ? 200 : 400).json({ success: ok });
  });
  controls.post('/traffic', (req, res) => {
    startTraffic(Number((req.body as { intervalMs?: number } | undefined)?.intervalMs ?? 3000));
    res.json({ ok: true });
  });
  controls.delete('/traffic', (_req, res) => {
    stopTraffic();
    res.json({ ok: true });
  });
  controls.get('/deliveries', (_req, res) => {
    res.json({ data: deliveries.log });
  });

  return {
    url: server.url,
    store: s,
    facebook,
    instagram,
    appId: s.appId,
    appToken: `${s.appId}|${s.appSecret}`,
    subscribe: (object, url) => deliveries.subscribe(object, url),
    unsubscribe: (object) => deliveries.unsubscribe(object),
    startTraffic,
    stopTraffic,
    flush: () => deliveries.flush(),
    close,
  };
}

/** EmulatorFactory for the Facebook side alone (its own server). */
export async function startFacebookEmulator(opts?: GraphEmulatorOptions): Promise<FacebookEmulatorHandle> {
  return (await startGraphEmulator(opts)).facebook;
}

/** EmulatorFactory for the Instagram side alone (its own server). */
export async function startInstagramEmulator(opts?: GraphEmulatorOptions): Promise<InstagramEmulatorHandle> {
  return (await startGraphEmulator(opts)).instagram;
}

export { GraphStore } from './store.ts';
export type { WebhookObject } from './deliver.ts';
