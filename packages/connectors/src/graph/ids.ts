/**
 * Graph ids are numeric strings, but older webhook shapes send some as JSON numbers (`sender_id`,
 * `page_id`, `user_id`). A JSON number above 2^53 has already lost digits when it is parsed, so a
 * number is only trusted when it is a safe integer; anything else yields undefined and the caller
 * falls back to a string field (`from.id`, `*_str`) or leaves the id unknown.
 */
export function graphId(v: unknown): string | undefined {
  if (typeof v === 'string') return /^[0-9A-Za-z_.:-]+$/.test(v) ? v : undefined;
  if (typeof v === 'number') return Number.isSafeInteger(v) && v >= 0 ? String(v) : undefined;
  return undefined;
}

export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
