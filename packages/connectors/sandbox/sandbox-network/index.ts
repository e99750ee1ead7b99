// Emulator of the built-in demo network. Speaks the wire format in src/sandbox/wire.ts with the habits
// of a real API: bearer tokens, cursor paging, IETF RateLimit headers and 429s, JSON error bodies,
// idempotent replies, and HMAC-signed webhook deliveries.
import { randomUUID } from 'node:crypto';
import express from 'express';
import { hmacSha256 } from '../../src/core/signatures.ts';
import { SIGNATURE_HEADER, type SandboxMessage } from '../../src/sandbox/wire.ts';
import type { WebhookRequest } from '../../src/core/types.ts';
import type { EmulatorHandle, RecordedReply } from '../harness.ts';
import { listen } from '../http.ts';
import { loadState, stateWriter } from '../state-file.ts';
import { pickCustomer, pickText, seededRandom, type DemoText } from '../texts.ts';

export interface SandboxEmulatorOptions {
  port?: number;
  seed?: number;
  brand?: string;
  /** Requests allowed per window before 429. */
  rateLimit?: number;
  rateWindowMs?: number;
  /** JSON file holding the emulator's state across restarts (the demo's data directory); none in tests. */
  stateFile?: string;
}

interface SandboxState {
  v: 1;
  token: string;
  webhookSecret: string;
  seq: number;
  messages: SandboxMessage[];
  langs: [string, DemoText['lang']][];
  replies: [string, RecordedReply][];
}

export interface SandboxEmulator extends EmulatorHandle {
  url: string;
  webhookDelivery(opts?: { forge?: boolean; text?: string }): Promise<WebhookRequest>;
  /** Makes every API call fail with this status until cleared (0). */
  failWith(status: number): void;
  /** Sends webhook deliveries for new messages to `url` (signed). */
  subscribe(url: string | null): void;
  startTraffic(meanIntervalMs: number): void;
  stopTraffic(): void;
  messages(): SandboxMessage[];
}

export async function startSandboxEmulator(opts: SandboxEmulatorOptions = {}): Promise<SandboxEmulator> {
  const brand = opts.brand ?? 'ShopCo';
  const saved = loadState<SandboxState>(opts.stateFile);
  const restored = saved?.v === 1 ? saved : undefined;
  const token = restored?.token ?? 'sandbox-token-' + randomUUID();
  const webhookSecret = restored?.webhookSecret ?? 'sandbox-whsec-' + randomUUID();
  const rand = seededRandom(opts.seed ?? 42);
  // Ids stay unique across emulator restarts, as a real network's would.
  const runId = randomUUID().slice(0, 8);
  const limit = opts.rateLimit ?? 600;
  const windowMs = opts.rateWindowMs ?? 60_000;

  const messages: SandboxMessage[] = [];
  /** each message's demo language: a thread goes on in its own */
  const langOf = new Map<string, DemoText['lang']>();
  const replies = new Map<string, RecordedReply>();
  let seq = 0;
  let forcedStatus = 0;
  let windowStart = Date.now();
  let used = 0;
  let webhookUrl: string | null = null;
  let traffic: NodeJS.Timeout | null = null;
  if (restored) {
    messages.push(...restored.messages);
    for (const [id, lang] of restored.langs) langOf.set(id, lang);
    for (const [key, r] of restored.replies) replies.set(key, r);
    seq = restored.seq;
  }
  const state = stateWriter(opts.stateFile, (): SandboxState => ({ v: 1, token, webhookSecret, seq, messages, langs: [...langOf], replies: [...replies] }));

  function create(text?: string): SandboxMessage {
    seq += 1;
    const customer = pickCustomer(rand);
    const r = rand();
    // Some messages continue an earlier thread, as customers do: in that thread's kind and language,
    // and in a DM or a review only by its own customer (a public thread can be joined by another one).
    const parent = messages.length > 0 && rand() < 0.2 ? messages[Math.floor(rand() * messages.length)] : undefined;
    const t = pickText(rand, brand, parent && langOf.get(parent.id));
    const kind = parent ? parent.kind : r < 0.45 ? 'mention' : r < 0.75 ? 'comment' : r < 0.92 ? 'dm' : 'review';
    const sameAuthor = parent !== undefined && (parent.kind === 'dm' || parent.kind === 'review' || rand() < 0.5);
    const author = sameAuthor ? { ...parent.author } : { id: customer.id, handle: customer.handle, name: customer.name, followers: customer.followers };
    const id = `sbx_${runId}_${seq}`;
    const m: SandboxMessage = {
      id,
      seq,
      kind,
      visibility: kind === 'dm' ? 'private' : 'public',
      thread_id: parent?.thread_id ?? id,
      in_reply_to: parent?.id ?? null,
      author,
      text: text ?? t.text,
      created_at: new Date().toISOString(),
      url: `https://sandbox.example/${author.handle}/status/${id}`,
    };
    messages.push(m);
    langOf.set(id, t.lang);
    state.touch();
    return m;
  }

  function delivery(m: SandboxMessage, forge = false): WebhookRequest {
    const rawBody = Buffer.from(JSON.stringify({ event: 'message.created', account_id: 'brand', message: m }));
    const sig = hmacSha256(forge ? 'not-the-secret' : webhookSecret, rawBody).toString('hex');
    return {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: `sha256=${sig}` },
      query: {},
      rawBody,
    };
  }

  async function push(m: SandboxMessage): Promise<void> {
    if (!webhookUrl) return;
    const d = delivery(m);
    await fetch(webhookUrl, { method: 'POST', headers: d.headers as Record<string, string>, body: d.rawBody }).catch(() => {
      // The receiver is down: polling picks the message up, as with a real network.
    });
  }

  const app = express();
  app.use(express.json({ limit: '64kb' }));

  app.use('/v1', (req, res, next) => {
    const now = Date.now();
    if (now - windowStart >= windowMs) {
      windowStart = now;
      used = 0;
    }
    used += 1;
    const resetS = Math.ceil((windowStart + windowMs - now) / 1000);
    res.setHeader('ratelimit-limit', String(limit));
    res.setHeader('ratelimit-remaining', String(Math.max(0, limit - used)));
    res.setHeader('ratelimit-reset', String(resetS));
    if (forcedStatus) {
      res.status(forcedStatus).json({ error: { code: 'forced', message: `emulated failure ${forcedStatus}` } });
      return;
    }
    if (used > limit) {
      res.setHeader('retry-after', String(resetS));
      res.status(429).json({ error: { code: 'rate_limited', message: 'Too many requests' } });
      return;
    }
    if (req.headers.authorization !== `Bearer ${token}`) {
      res.status(401).json({ error: { code: 'invalid_token', message: 'The access token is invalid or expired' } });
      return;
    }
    next();
  });

  app.get('/v1/me', (_req, res) => {
    res.json({ id: 'brand', handle: brand.toLowerCase(), name: brand });
  });

  app.get('/v1/messages', (req, res) => {
    const after = Number(req.query.after ?? 0);
    const lim = Math.min(100, Math.max(1, Number(req.query.limit ?? 50)));
    if (!Number.isInteger(after) || after < 0 || !Number.isInteger(lim)) {
      res.status(400).json({ error: { code: 'invalid_request', message: 'after and limit must be non-negative integers' } });
      return;
    }
    const rest = messages.filter((m) => m.seq > after);
    const data = rest.slice(0, lim);
    res.json({ data, next_after: data.at(-1)?.seq ?? after, has_more: rest.length > data.length });
  });

  app.post('/v1/messages/:id/replies', (req, res) => {
    const target = messages.find((m) => m.id === req.params.id);
    const text = (req.body as { text?: unknown } | undefined)?.text;
    if (!target) {
      res.status(404).json({ error: { code: 'not_found', message: `no message ${req.params.id}` } });
      return;
    }
    if (typeof text !== 'string' || text.trim() === '' || text.length > 2000) {
      res.status(400).json({ error: { code: 'invalid_request', message: 'text must be 1-2000 characters' } });
      return;
    }
    const key = req.header('idempotency-key') ?? randomUUID();
    const existing = replies.get(key);
    if (existing) {
      res.status(200).json({ id: existing.externalId });
      return;
    }
    const reply = { inReplyTo: target.id, text, externalId: `sbx_reply_${replies.size + 1}` };
    replies.set(key, reply);
    state.touch();
    res.status(201).json({ id: reply.externalId });
  });

  // Test and demo controls, apart from the network's own API.
  app.get('/_emulator/replies', (_req, res) => {
    res.json([...replies.values()]);
  });

  const server = await listen(app, opts.port);

  const handle: SandboxEmulator = {
    network: 'sandbox',
    url: server.url,
    endpoints: { api: server.url },
    credentials: { token, webhookSecret },
    async inject(o = {}) {
      for (let i = 0; i < (o.count ?? 1); i++) await push(create(o.text));
    },
    async webhookDelivery(o = {}) {
      return delivery(create(o.text), o.forge);
    },
    async replies() {
      return [...replies.values()];
    },
    failWith(status) {
      forcedStatus = status;
    },
    subscribe(url) {
      webhookUrl = url;
    },
    startTraffic(meanIntervalMs) {
      handle.stopTraffic();
      const tick = () => {
        void push(create());
        traffic = setTimeout(tick, meanIntervalMs * (0.3 + 1.4 * rand()));
        traffic.unref();
      };
      traffic = setTimeout(tick, 200);
      traffic.unref();
    },
    stopTraffic() {
      if (traffic) clearTimeout(traffic);
      traffic = null;
    },
    messages: () => [...messages],
    async close() {
      handle.stopTraffic();
      state.flush();
      await server.close();
    },
  };
  return handle;
}
