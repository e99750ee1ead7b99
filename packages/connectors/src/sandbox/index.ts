import { z } from 'zod';
import {
  ConnectorError,
  errorFromStatus,
  verifyHexSha256Header,
  type Connector,
  type ConnectorContext,
  type IncomingMention,
} from '../core/index.ts';
import { SandboxPageSchema, SandboxWebhookSchema, SIGNATURE_HEADER, type SandboxMessage } from './wire.ts';

const Credentials = z.object({
  token: z.string().min(8),
  webhookSecret: z.string().min(8),
});
type Ctx = ConnectorContext<z.infer<typeof Credentials>>;

const PAGE_SIZE = 50;

function baseUrl(ctx: Ctx): string {
  const u = ctx.endpoints.api;
  if (!u) throw new ConnectorError('invalid', 'sandbox account has no api endpoint configured');
  return u.replace(/\/$/, '');
}

async function call(ctx: Ctx, path: string, init: RequestInit = {}): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(baseUrl(ctx) + path, {
      ...init,
      headers: { authorization: `Bearer ${ctx.credentials.token}`, 'content-type': 'application/json', ...init.headers },
      signal: ctx.signal ?? AbortSignal.timeout(15_000),
    });
  } catch (cause) {
    throw new ConnectorError('transient', `sandbox network unreachable: ${(cause as Error).message}`, { cause });
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const msg = (body as { error?: { message?: string } } | null)?.error?.message ?? res.statusText;
    throw errorFromStatus(res.status, `sandbox ${res.status}: ${msg}`, {
      retryAfterSeconds: Number(res.headers.get('ratelimit-reset') ?? NaN),
    });
  }
  return body;
}

function toMention(m: SandboxMessage): IncomingMention {
  return {
    network: 'sandbox',
    externalId: m.id,
    threadKey: m.thread_id,
    kind: m.kind,
    visibility: m.visibility,
    author: { id: m.author.id, handle: m.author.handle, name: m.author.name, reach: m.author.followers },
    text: m.text,
    url: m.url,
    createdAt: m.created_at,
    ...(m.in_reply_to ? { inReplyTo: m.in_reply_to } : {}),
    replyTarget: { kind: m.kind, externalId: m.id, threadKey: m.thread_id, authorId: m.author.id },
  };
}

function parseOrInvalid<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value);
  if (!r.success) {
    const first = r.error.issues[0];
    throw new ConnectorError('invalid', `malformed ${what}: ${first ? `${first.path.join('.')}: ${first.message}` : 'invalid'}`);
  }
  return r.data;
}

/** The built-in demo network: same contract and ingest path as the real ones, no credentials needed. */
export const sandboxConnector: Connector<typeof Credentials> = {
  network: 'sandbox',
  displayName: 'Sandbox',
  credentials: Credentials,
  pollIntervalMs: 2_000,

  async check(ctx) {
    const me = parseOrInvalid(z.object({ id: z.string(), handle: z.string(), name: z.string() }), await call(ctx, '/v1/me'), 'identity');
    return me;
  },

  async poll(ctx, cursor) {
    const after = cursor === null ? 0 : Number(cursor);
    if (!Number.isInteger(after) || after < 0) throw new ConnectorError('invalid', `bad sandbox cursor "${cursor}"`);
    const page = parseOrInvalid(SandboxPageSchema, await call(ctx, `/v1/messages?after=${after}&limit=${PAGE_SIZE}`), 'messages page');
    return { mentions: page.data.map(toMention), cursor: String(page.next_after), more: page.has_more };
  },

  webhook: {
    verify(ctx, req) {
      if (req.method !== 'POST') return { type: 'reject', status: 400, reason: 'sandbox webhooks are POST only' };
      if (!verifyHexSha256Header(ctx.credentials.webhookSecret, req.rawBody, req.headers[SIGNATURE_HEADER])) {
        return { type: 'reject', status: 401, reason: `bad or missing ${SIGNATURE_HEADER}` };
      }
      return { type: 'accept' };
    },
    async parse(_ctx, req) {
      let json: unknown;
      try {
        json = JSON.parse(req.rawBody.toString('utf8'));
      } catch {
        throw new ConnectorError('invalid', 'webhook body is not JSON');
      }
      return [toMention(parseOrInvalid(SandboxWebhookSchema, json, 'webhook payload').message)];
    },
  },

  async reply(ctx, target, text, idempotencyKey) {
    const body = await call(ctx, `/v1/messages/${encodeURIComponent(target.externalId)}/replies`, {
      method: 'POST',
      headers: { 'idempotency-key': idempotencyKey },
      body: JSON.stringify({ text }),
    });
    return { externalId: parseOrInvalid(z.object({ id: z.string() }), body, 'reply response').id };
  },
};
