import { z } from 'zod';

/** A Graph edge page: `{data: [...], paging: {cursors: {before, after}, next, previous}}`. */
export const GraphListSchema = <T extends z.ZodType>(item: T) =>
  z.object({
    data: z.array(item),
    paging: z
      .object({
        cursors: z.object({ before: z.string().optional(), after: z.string().optional() }).partial().optional(),
        next: z.string().optional(),
        previous: z.string().optional(),
      })
      .optional(),
  });

export type GraphList<T> = { data: T[]; paging?: { cursors?: { before?: string; after?: string }; next?: string } };

/** Query parameters of a `paging.next` URL that select the next page (cursor, time and offset paging). */
const PAGING_PARAMS = ['after', 'until', 'since', '__paging_token', '__previous', 'offset'] as const;
const QUERY_PREFIX = 'q:';

/**
 * Where the next page starts, or null on the last page (Graph omits `paging.next` there). Graph pages
 * three ways: by cursor (`paging.cursors.after`), by time (`paging.next` carrying `until`/`since` and a
 * `__paging_token`, no cursors: the Page feed) and by offset. A cursor is returned as is; otherwise the
 * paging parameters of the `next` URL are kept (`q:` + query string), never its access token.
 */
export function nextAfter(list: GraphList<unknown>): string | null {
  const next = list.paging?.next;
  if (!next) return null;
  if (list.paging?.cursors?.after) return list.paging.cursors.after;
  let url: URL;
  try {
    url = new URL(next);
  } catch {
    return null;
  }
  const q = new URLSearchParams();
  for (const k of PAGING_PARAMS) {
    const v = url.searchParams.get(k);
    if (v !== null) q.set(k, v);
  }
  return [...q.keys()].length > 0 ? QUERY_PREFIX + q.toString() : null;
}

/** The request parameters for a page position from `nextAfter` (none for the first page). */
export function pageQuery(after: string | undefined): Record<string, string> {
  if (!after) return {};
  if (!after.startsWith(QUERY_PREFIX)) return { after };
  return Object.fromEntries(new URLSearchParams(after.slice(QUERY_PREFIX.length)));
}

export const IdName = z.object({ id: z.string(), name: z.string().optional() });

/** `POST /{object-id}/comments` (and IG `/replies`) → `{id}`; Send API → `{recipient_id, message_id}`. */
export const CreatedSchema = z.object({ id: z.string() });
export const SendResultSchema = z.object({ recipient_id: z.string().optional(), message_id: z.string() });
