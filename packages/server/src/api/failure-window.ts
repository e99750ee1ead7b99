/**
 * Counts failures per key in a fixed window (in memory, per process). Used where refusing a request
 * early would also refuse genuine ones from the same address: the count decides only how a request
 * that already failed is answered (429 instead of its own status).
 */
export class FailureWindow {
  private readonly counts = new Map<string, { n: number; resetAt: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Records one failure; `over` once more than `limit` fell in the current window. */
  hit(key: string, now: number = Date.now()): { over: boolean; retryAfterSeconds: number } {
    let c = this.counts.get(key);
    if (!c || c.resetAt <= now) {
      if (this.counts.size > 10_000) for (const [k, v] of this.counts) if (v.resetAt <= now) this.counts.delete(k);
      c = { n: 0, resetAt: now + this.windowMs };
      this.counts.set(key, c);
    }
    c.n += 1;
    return { over: c.n > this.limit, retryAfterSeconds: Math.max(1, Math.ceil((c.resetAt - now) / 1000)) };
  }
}
