import { z } from 'zod';
import { ListConversationsQuery } from './conversations.ts';

// ---- requests ---------------------------------------------------------------------------------

export const ANALYTICS_BUCKETS = ['hour', 'day', 'week'] as const;
export const ANALYTICS_DIMENSIONS = ['network', 'lang', 'sentiment', 'account'] as const;
/**
 * Longest period a request may cover. Hours are read one document per hour and key (measured on the
 * embedded database: about 0.2 ms a document, 4,464 documents for 31 days of 6 languages took ~1 s),
 * so at most a week of them; days and weeks read day documents.
 */
export const MAX_RANGE_DAYS = { hour: 7, day: 366, week: 366 } as const;

const DAY_MS = 86_400_000;

const Range = {
  /** ISO 8601 instants; default: the 7 days up to now. */
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  bucket: z.enum(ANALYTICS_BUCKETS).default('day'),
};

function bounded<T extends { from?: string | undefined; to?: string | undefined; bucket: (typeof ANALYTICS_BUCKETS)[number] }>(q: T) {
  const to = q.to ? new Date(q.to) : new Date();
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - 7 * DAY_MS);
  return { ...q, from, to };
}

function checkRange(q: { from: Date; to: Date; bucket: (typeof ANALYTICS_BUCKETS)[number] }, ctx: z.RefinementCtx): void {
  if (q.from >= q.to) ctx.addIssue({ code: 'custom', path: ['from'], message: 'from: must be before to' });
  else if (q.to.getTime() - q.from.getTime() > MAX_RANGE_DAYS[q.bucket] * DAY_MS) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: `to: at most ${MAX_RANGE_DAYS[q.bucket]} days after from with bucket=${q.bucket}` });
  }
}

/** `GET /api/analytics/volume`: messages per bucket and key of one dimension. */
export const VolumeQuery = z
  .object({ ...Range, by: z.enum(ANALYTICS_DIMENSIONS).default('network') })
  .strict()
  .transform(bounded)
  .superRefine(checkRange);
export type VolumeQuery = z.input<typeof VolumeQuery>;

/** `GET /api/analytics/responses`: the team's first responses and reply-by compliance per bucket. */
export const ResponsesQuery = z.object(Range).strict().transform(bounded).superRefine(checkRange);
export type ResponsesQuery = z.input<typeof ResponsesQuery>;

/** `GET /api/alerts`. */
export const AlertsQuery = z
  .object({
    acknowledged: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export type AlertsQuery = z.input<typeof AlertsQuery>;

/** `GET /api/export.csv`: the queue's filters (no filter: every message, any status); no paging. */
export const ExportQuery = ListConversationsQuery.omit({ cursor: true, limit: true }).strict();
export type ExportQuery = z.input<typeof ExportQuery>;

// ---- responses --------------------------------------------------------------------------------

export const VolumeRow = z.object({
  start: z.string(),
  key: z.string(),
  messages: z.number(),
  complaints: z.number(),
  negative: z.number(),
  neutral: z.number(),
  positive: z.number(),
});
export type VolumeRow = z.infer<typeof VolumeRow>;
export const VolumeResponse = z.object({ data: z.array(VolumeRow) });
export type VolumeResponse = z.infer<typeof VolumeResponse>;

export const ResponsesRow = z.object({
  start: z.string(),
  /** First responses made in the bucket, and their mean time from the first customer message. */
  responses: z.number(),
  responseMsTotal: z.number(),
  meanResponseMs: z.number().nullable(),
  /** Replies to messages with a reply-by deadline, in time and late. */
  dueMet: z.number(),
  dueMissed: z.number(),
});
export type ResponsesRow = z.infer<typeof ResponsesRow>;
export const ResponsesResponse = z.object({ data: z.array(ResponsesRow) });
export type ResponsesResponse = z.infer<typeof ResponsesResponse>;

export const ALERT_KINDS = ['volume', 'complaint_share'] as const;
export const Alert = z.object({
  id: z.string(),
  kind: z.enum(ALERT_KINDS),
  dimension: z.enum(['network', 'lang']),
  key: z.string(),
  /** Start of the hour that spiked. */
  at: z.string(),
  figures: z.object({
    messages: z.number(),
    complaints: z.number(),
    baselineMessages: z.number(),
    baselineComplaints: z.number(),
    /** Hourly mean over the baseline (the 24 h before). */
    baselineHourlyMean: z.number(),
  }),
  acknowledged: z.boolean(),
  acknowledgedBy: z.string().nullable(),
  createdAt: z.string(),
});
export type Alert = z.infer<typeof Alert>;
export const AlertsResponse = z.object({ data: z.array(Alert) });
export type AlertsResponse = z.infer<typeof AlertsResponse>;
