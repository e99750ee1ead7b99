// Webhook subscriptions and deliveries, the way Meta does them: a GET verification with
// hub.mode/hub.verify_token/hub.challenge, then signed POSTs (X-Hub-Signature-256 over the raw body).
import type { WebhookRequest } from '../../src/core/index.ts';
import type { GraphStore } from './store.ts';

export type WebhookObject = 'page' | 'instagram';

export interface DeliveryRecord {
  object: WebhookObject;
  url: string;
  status: number | null;
  error?: string;
  at: string;
}

/** Builds the signed POST Meta would send (or one signed with a wrong secret when `forge`). */
export function signedRequest(s: GraphStore, payload: unknown, forge = false): WebhookRequest {
  const rawBody = Buffer.from(JSON.stringify(payload));
  const sig = s.sign(rawBody, forge ? s.appSecret + '-forged' : s.appSecret);
  return {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'facebookexternalua',
      'x-hub-signature': sig.sha1,
      'x-hub-signature-256': sig.sha256,
    },
    query: {},
    rawBody,
  };
}

export class Deliveries {
  private readonly subs = new Map<WebhookObject, { url: string; verifyToken: string }>();
  readonly log: DeliveryRecord[] = [];
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly s: GraphStore) {}

  list() {
    return [...this.subs.entries()].map(([object, v]) => ({ object, callback_url: v.url, active: true, fields: object === 'page' ? [{ name: 'feed', version: 'v24.0' }, { name: 'messages', version: 'v24.0' }] : [{ name: 'comments', version: 'v24.0' }, { name: 'mentions', version: 'v24.0' }, { name: 'messages', version: 'v24.0' }] }));
  }

  has(object: WebhookObject): boolean {
    return this.subs.has(object);
  }

  /** Verifies the callback (GET hub.challenge) and, if it echoes the challenge, subscribes it. */
  async subscribe(object: WebhookObject, url: string, verifyToken = this.s.verifyToken): Promise<boolean> {
    const challenge = String(Math.floor(Math.random() * 1e9));
    const u = new URL(url);
    u.searchParams.set('hub.mode', 'subscribe');
    u.searchParams.set('hub.verify_token', verifyToken);
    u.searchParams.set('hub.challenge', challenge);
    try {
      const res = await fetch(u, { headers: { 'user-agent': 'facebookplatform/1.0 (+http://developers.facebook.com)' }, signal: AbortSignal.timeout(5000) });
      const text = (await res.text()).trim();
      if (!res.ok || text !== challenge) return false;
    } catch {
      return false;
    }
    this.subs.set(object, { url, verifyToken });
    return true;
  }

  unsubscribe(object?: WebhookObject): void {
    if (object) this.subs.delete(object);
    else this.subs.clear();
  }

  /** Sends a signed delivery if a callback is subscribed for `object`; up to 3 attempts. */
  deliver(object: WebhookObject, payload: unknown): void {
    const sub = this.subs.get(object);
    if (!sub) return;
    const req = signedRequest(this.s, payload);
    const p = (async () => {
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          const res = await fetch(sub.url, {
            method: 'POST',
            headers: req.headers as Record<string, string>,
            body: req.rawBody,
            signal: AbortSignal.timeout(5000),
          });
          await res.arrayBuffer().catch(() => undefined);
          this.record({ object, url: sub.url, status: res.status, at: new Date().toISOString() });
          if (res.ok) return;
        } catch (e) {
          this.record({ object, url: sub.url, status: null, error: (e as Error).message, at: new Date().toISOString() });
        }
        await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
      }
    })();
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  private record(r: DeliveryRecord): void {
    this.log.push(r);
    if (this.log.length > 500) this.log.splice(0, this.log.length - 500);
  }

  /** Waits for in-flight deliveries (tests, shutdown). */
  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
}
