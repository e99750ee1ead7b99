// The X poll cursor. Two independent newest-first streams, each walked page by page:
//
//   mentions (GET /2/users/:id/mentions): `since` is the since_id of the pass; `token` the next page;
//     `newest` the newest id seen on the pass's first page. `since` moves to `newest` only after the
//     last page, so a crash or 429 between pages loses nothing, and posts that arrive during a pass
//     (newer than `newest`) are picked up by the next pass.
//   DMs (GET /2/dm_events, which has no since_id): same idea, `since` is the newest event id fully
//     processed; a pass stops at the first page that reaches it.
import { z } from 'zod';
import { ConnectorError } from '../core/errors.ts';

const id = z.string().regex(/^\d{1,19}$/);
const streamState = z.object({ since: id.optional(), token: z.string().min(1).optional(), newest: id.optional() });
const cursorSchema = z.object({ v: z.literal(1), uid: id, m: streamState, d: streamState });

export type StreamState = z.infer<typeof streamState>;
export type XCursor = z.infer<typeof cursorSchema>;

export function decodeCursor(s: string | null): XCursor | null {
  if (s === null || s === '') return null;
  let raw: unknown;
  try {
    raw = JSON.parse(s);
  } catch {
    throw new ConnectorError('invalid', 'X cursor is not JSON; reset the account cursor');
  }
  const r = cursorSchema.safeParse(raw);
  if (!r.success) throw new ConnectorError('invalid', 'X cursor has an unknown shape; reset the account cursor');
  return r.data;
}

export function encodeCursor(c: XCursor): string {
  const clean = (s: StreamState): StreamState => ({
    ...(s.since ? { since: s.since } : {}),
    ...(s.token ? { token: s.token } : {}),
    ...(s.newest ? { newest: s.newest } : {}),
  });
  return JSON.stringify({ v: 1, uid: c.uid, m: clean(c.m), d: clean(c.d) });
}

/** Larger of two snowflake ids (either may be absent). */
export function maxId(a: string | undefined, b: string | undefined): string | undefined {
  if (!a) return b;
  if (!b) return a;
  return BigInt(a) >= BigInt(b) ? a : b;
}

/** State after one page of a pass. */
export function advance(state: StreamState, pageNewest: string | undefined, nextToken: string | undefined): StreamState {
  const newest = state.token ? state.newest : pageNewest;
  if (nextToken) {
    return { ...(state.since ? { since: state.since } : {}), token: nextToken, ...(newest ? { newest } : {}) };
  }
  const since = maxId(newest, state.since);
  return since ? { since } : {};
}
