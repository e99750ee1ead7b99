import { priorityOf } from '@inbox/scoring';

/** The stored fields a message's priority is computed from (at ingest, and again as it waits). */
export interface PriorityFields {
  complaint: { flag: boolean; score: number };
  visibility: 'public' | 'private';
  author: { reach?: number | null };
  createdAt: Date;
}

/** Queue priority of a message at time `now`: an unflagged message counts half its complaint score. */
export function mentionPriority(m: PriorityFields, now: Date): number {
  return priorityOf({
    complaintScore: m.complaint.flag ? m.complaint.score : m.complaint.score / 2,
    visibility: m.visibility,
    reach: m.author.reach ?? 0,
    ageHours: Math.max(0, (now.getTime() - m.createdAt.getTime()) / 3_600_000),
  });
}
