// UTC bucket boundaries. Weeks start on Monday (ISO 8601).
export type Bucket = 'hour' | 'day' | 'week';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const hourStart = (d: Date): Date => new Date(Math.floor(d.getTime() / HOUR) * HOUR);
export const dayStart = (d: Date): Date => new Date(Math.floor(d.getTime() / DAY) * DAY);
export function weekStart(d: Date): Date {
  const day = dayStart(d);
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  return new Date(day.getTime() - sinceMonday * DAY);
}

export function bucketStart(bucket: Bucket, d: Date): Date {
  return bucket === 'hour' ? hourStart(d) : bucket === 'day' ? dayStart(d) : weekStart(d);
}

/** `2026-12-03T10:00Z`: minutes precision is all a bucket start needs, and it keeps `_id`s short. */
export const isoMinute = (d: Date): string => `${d.toISOString().slice(0, 16)}Z`;

export { HOUR, DAY };
