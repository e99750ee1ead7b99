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

/** The `after` cursor of the next page, or null on the last page (Graph omits `paging.next` there). */
export function nextAfter(list: GraphList<unknown>): string | null {
  return list.paging?.next && list.paging.cursors?.after ? list.paging.cursors.after : null;
}

export const IdName = z.object({ id: z.string(), name: z.string().optional() });

/** `POST /{object-id}/comments` (and IG `/replies`) → `{id}`; Send API → `{recipient_id, message_id}`. */
export const CreatedSchema = z.object({ id: z.string() });
export const SendResultSchema = z.object({ recipient_id: z.string().optional(), message_id: z.string() });
