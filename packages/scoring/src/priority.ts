// Queue priority in [0, 100]: complaint strength first, public before private (others see a public
// complaint until it is answered), then the author's reach (log scale) and time waiting.
export interface PriorityInput {
  complaintScore: number;
  visibility: 'public' | 'private';
  reach?: number;
  ageHours?: number;
}

/** Waiting raises priority for this long, then stays (jobs/reprioritize.ts stops revisiting a message after it). */
export const AGE_FULL_HOURS = 24;

export function priorityOf(p: PriorityInput): number {
  const c = Math.max(0, Math.min(1, p.complaintScore));
  const reach = Math.min(1, Math.log10(1 + Math.max(0, p.reach ?? 0)) / 6);
  const base = 60 * c + (p.visibility === 'public' ? 20 : 0) + 10 * reach;
  // Waiting raises priority for a day, then stays; a complaint waiting is worse than a thank-you waiting.
  const age = Math.min(1, Math.max(0, p.ageHours ?? 0) / AGE_FULL_HOURS) * (0.5 + 0.5 * c);
  return Math.round(Math.min(100, base + 10 * age));
}
