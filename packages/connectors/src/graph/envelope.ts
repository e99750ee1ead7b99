import { z } from 'zod';
import { ConnectorError, type WebhookRequest } from '../core/index.ts';
import { graphId, isRecord } from './ids.ts';

/** One `entry[]` of a Meta webhook delivery, read leniently: only the envelope is required. */
export interface MetaEntry {
  /** Page id / IG account id. */
  id: string;
  /** Unix seconds (feed/changes) or ms (messaging); used when a change carries no time of its own. */
  time: number | undefined;
  changes: { field: string; value: unknown; index: number }[];
  messaging: unknown[];
}

const Envelope = z.object({ object: z.string(), entry: z.array(z.unknown()) });

/**
 * Meta webhooks (`object: "page"` / `"instagram"`): `{object, entry: [{id, time, changes?, messaging?}]}`.
 * Only an unreadable envelope (not JSON, no `entry` array, another `object`) refuses the whole delivery;
 * an entry or change that cannot be read is skipped and reported, so one odd change never costs the
 * Messenger message beside it.
 */
export function metaEntries(req: WebhookRequest, object: 'page' | 'instagram', what: string): MetaEntry[] {
  let json: unknown;
  try {
    json = JSON.parse(req.rawBody.toString('utf8'));
  } catch {
    throw new ConnectorError('invalid', `${what}: body is not JSON`);
  }
  const env = Envelope.safeParse(json);
  if (!env.success) throw new ConnectorError('invalid', `malformed ${what}: expected {object, entry: [...]}`);
  if (env.data.object !== object) throw new ConnectorError('invalid', `malformed ${what}: object is not "${object}"`);
  const out: MetaEntry[] = [];
  env.data.entry.forEach((e, i) => {
    const id = isRecord(e) ? graphId(e.id) : undefined;
    if (!isRecord(e) || !id) {
      req.report?.(`${what}: entry[${i}] has no usable id; skipped`);
      return;
    }
    const changes: MetaEntry['changes'] = [];
    (Array.isArray(e.changes) ? e.changes : []).forEach((c, j) => {
      if (isRecord(c) && typeof c.field === 'string') changes.push({ field: c.field, value: c.value, index: j });
      else req.report?.(`${what}: entry[${i}].changes[${j}] has no field; skipped`);
    });
    out.push({
      id,
      time: typeof e.time === 'number' && Number.isFinite(e.time) ? e.time : undefined,
      changes,
      messaging: Array.isArray(e.messaging) ? e.messaging : [],
    });
  });
  return out;
}

/** Validates one part of a delivery; on failure reports where and why (never the values) and yields undefined. */
export function readPart<T>(schema: z.ZodType<T>, value: unknown, where: string, req: WebhookRequest): T | undefined {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  req.report?.(`${where}: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'}; skipped`);
  return undefined;
}
