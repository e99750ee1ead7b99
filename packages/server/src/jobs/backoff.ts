import type { ConnectorError } from '@inbox/connectors';

/** After this many auth failures in a row an account is marked needs_reauth and polling stops. */
export const AUTH_FAILURES_BEFORE_REAUTH = 3;
const MAX_BACKOFF_MS = 15 * 60_000;

export interface FailurePlan {
  state: 'rate_limited' | 'needs_reauth' | 'error';
  /** When to try again; null = not until an admin fixes the credential. */
  nextAttemptAt: Date | null;
  consecutiveFailures: number;
  authFailures: number;
}

/** What the runner does after a typed connector failure. `rand` is injectable for tests. */
export function planAfterFailure(
  err: ConnectorError,
  prev: { consecutiveFailures: number; authFailures: number },
  baseIntervalMs: number,
  now = Date.now(),
  rand: () => number = Math.random,
): FailurePlan {
  const consecutiveFailures = prev.consecutiveFailures + 1;
  if (err.code === 'rate_limited') {
    const at = Math.max(now + 1000, err.retryAt?.getTime() ?? now + 60_000);
    return { state: 'rate_limited', nextAttemptAt: new Date(at), consecutiveFailures, authFailures: 0 };
  }
  if (err.code === 'auth') {
    const authFailures = prev.authFailures + 1;
    if (authFailures >= AUTH_FAILURES_BEFORE_REAUTH) {
      return { state: 'needs_reauth', nextAttemptAt: null, consecutiveFailures, authFailures };
    }
    return { state: 'error', nextAttemptAt: new Date(now + jittered(baseIntervalMs, consecutiveFailures, rand)), consecutiveFailures, authFailures };
  }
  // transient and invalid: exponential backoff with full jitter around the target.
  return {
    state: 'error',
    nextAttemptAt: new Date(now + jittered(baseIntervalMs, consecutiveFailures, rand)),
    consecutiveFailures,
    authFailures: prev.authFailures,
  };
}

function jittered(base: number, failures: number, rand: () => number): number {
  const target = Math.min(MAX_BACKOFF_MS, base * 2 ** Math.min(failures, 16));
  return Math.round(target * (0.5 + rand()));
}
