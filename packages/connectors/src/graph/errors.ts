import { ConnectorError } from '../core/index.ts';

/** The Graph API error object: `{"error": {message, type, code, error_subcode, fbtrace_id}}`. */
export interface GraphErrorBody {
  message?: string;
  type?: string;
  code?: number;
  error_subcode?: number;
  fbtrace_id?: string;
  error_user_msg?: string;
}

/**
 * Throttling error codes: 4 (app), 17 (user), 32 (Page), 613 (custom), 80000–80014 (Business Use Case:
 * 80001 Pages, 80002 Instagram, 80006 Messenger, …). Graph often answers these with HTTP 400/403, not 429.
 */
export function isThrottleCode(code: number | undefined): boolean {
  return code === 4 || code === 17 || code === 32 || code === 613 || (code !== undefined && code >= 80000 && code <= 80014);
}

/** Token problems: 190 (invalid/expired OAuth token, subcodes 458–467), 102 (session), 10/200–299 (permission). */
function isAuthCode(code: number | undefined, subcode: number | undefined): boolean {
  if (code === 190 || code === 102) return true;
  // Messenger's "outside of allowed window" / "user not reachable" are code 10 subcodes; not a token problem.
  if (code === 10) return subcode !== 2018278 && subcode !== 2018108 && subcode !== 2018065;
  return code !== undefined && code >= 200 && code <= 299;
}

type HeaderBag = Record<string, string | undefined>;

function header(h: HeaderBag, name: string): string | undefined {
  return h[name] ?? h[name.toLowerCase()];
}

/**
 * Minutes until access is regained, from `X-Business-Use-Case-Usage`
 * (`{"<business-object-id>": [{"type", "call_count", "total_cputime", "total_time",
 * "estimated_time_to_regain_access"}]}`, minutes) or `X-Ad-Account-Usage` / `X-App-Usage` when they carry
 * one. Returns the largest, or undefined when none says.
 */
export function regainAccessMinutes(h: HeaderBag): number | undefined {
  let best: number | undefined;
  const consider = (v: unknown) => {
    const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
    if (Number.isFinite(n) && n > 0) best = Math.max(best ?? 0, n);
  };
  const buc = header(h, 'x-business-use-case-usage');
  if (buc) {
    try {
      const parsed = JSON.parse(buc) as Record<string, unknown>;
      for (const list of Object.values(parsed)) {
        if (!Array.isArray(list)) continue;
        for (const item of list) consider((item as Record<string, unknown>)?.estimated_time_to_regain_access);
      }
    } catch {
      /* unparseable usage header: ignore, fall back below */
    }
  }
  for (const name of ['x-app-usage', 'x-ad-account-usage']) {
    const v = header(h, name);
    if (!v) continue;
    try {
      const parsed = JSON.parse(v) as Record<string, unknown>;
      consider(parsed.estimated_time_to_regain_access);
      // x-ad-account-usage says reset_time_duration in seconds
      const reset = Number(parsed.reset_time_duration);
      if (Number.isFinite(reset) && reset > 0) consider(reset / 60);
    } catch {
      /* ignore */
    }
  }
  return best;
}

const DEFAULT_THROTTLE_MS = 60_000;

/** Maps a Graph error (HTTP status, error body, response headers) to a typed ConnectorError. */
export function graphError(
  network: string,
  status: number | null | undefined,
  body: GraphErrorBody | null | undefined,
  headers: HeaderBag,
  cause?: unknown,
): ConnectorError {
  const code = typeof body?.code === 'number' ? body.code : undefined;
  const subcode = typeof body?.error_subcode === 'number' ? body.error_subcode : undefined;
  const what = `${network} Graph API${status ? ` ${status}` : ''}${code !== undefined ? ` (#${code}${subcode ? `/${subcode}` : ''})` : ''}: ${body?.message ?? 'no error message'}`;
  const st = status ?? undefined;
  const opts = { cause, ...(st !== undefined ? { status: st } : {}) };

  if (status == null || status === 0) return new ConnectorError('transient', `${network} Graph API unreachable: ${body?.message ?? 'no response'}`, { cause });
  if (isThrottleCode(code) || status === 429) {
    const minutes = regainAccessMinutes(headers);
    const retryAfter = Number(header(headers, 'retry-after'));
    const ms = minutes !== undefined ? minutes * 60_000 : Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : DEFAULT_THROTTLE_MS;
    return new ConnectorError('rate_limited', what, { ...opts, retryAt: new Date(Date.now() + ms) });
  }
  if (isAuthCode(code, subcode) || status === 401) return new ConnectorError('auth', what, opts);
  // 1 = unknown API error, 2 = service temporarily unavailable: both "try again later".
  if (code === 1 || code === 2 || status >= 500 || status === 408) return new ConnectorError('transient', what, opts);
  if (status === 403) return new ConnectorError('auth', what, opts);
  return new ConnectorError('invalid', what, opts);
}
