/** Why a connector call failed; the server's job runner decides what to do about it. */
export type ConnectorErrorCode = 'rate_limited' | 'auth' | 'transient' | 'invalid';

export class ConnectorError extends Error {
  override readonly name = 'ConnectorError';
  readonly code: ConnectorErrorCode;
  /** For `rate_limited`: when the network allows the next call. */
  readonly retryAt?: Date;
  /** HTTP status the network answered, when there was one. */
  readonly status?: number;

  constructor(
    code: ConnectorErrorCode,
    message: string,
    opts: { retryAt?: Date; status?: number; cause?: unknown } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.code = code;
    if (opts.retryAt) this.retryAt = opts.retryAt;
    if (opts.status !== undefined) this.status = opts.status;
  }
}

export const isConnectorError = (e: unknown): e is ConnectorError => e instanceof ConnectorError;

/**
 * Maps an HTTP status (and rate-limit reset, epoch seconds) to a typed error. Shared by every
 * connector so that 401/403 → auth, 429 → rate_limited, 5xx/network → transient, other 4xx → invalid.
 */
export function errorFromStatus(
  status: number,
  message: string,
  opts: { resetEpochSeconds?: number; retryAfterSeconds?: number; cause?: unknown } = {},
): ConnectorError {
  if (status === 429) {
    const now = Date.now();
    let retryAt = new Date(now + 60_000);
    if (opts.resetEpochSeconds && Number.isFinite(opts.resetEpochSeconds)) {
      retryAt = new Date(opts.resetEpochSeconds * 1000);
    } else if (opts.retryAfterSeconds && Number.isFinite(opts.retryAfterSeconds)) {
      retryAt = new Date(now + opts.retryAfterSeconds * 1000);
    }
    return new ConnectorError('rate_limited', message, { retryAt, status, cause: opts.cause });
  }
  if (status === 401 || status === 403) return new ConnectorError('auth', message, { status, cause: opts.cause });
  if (status >= 500 || status === 0 || status === 408) {
    return new ConnectorError('transient', message, { status, cause: opts.cause });
  }
  return new ConnectorError('invalid', message, { status, cause: opts.cause });
}
