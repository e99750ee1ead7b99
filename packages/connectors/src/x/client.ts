// twitter-api-v2 client construction and error mapping for the X connector.
import { Agent as HttpAgent } from 'node:http';
import {
  ApiPartialResponseError,
  ApiRequestError,
  ApiResponseError,
  TwitterApi,
  type ITwitterApiClientPlugin,
} from 'twitter-api-v2';
import { ConnectorError, errorFromStatus } from '../core/errors.ts';
import type { ConnectorContext } from '../core/types.ts';
import type { XCredentials } from './credentials.ts';

/** The host every twitter-api-v2 v2 call is built against. */
export const X_API_ORIGIN = 'https://api.x.com/';
export const REQUEST_TIMEOUT_MS = 20_000;

const httpAgent = new HttpAgent({ keepAlive: true });

/**
 * twitter-api-v2 hard-codes `https://api.x.com/2/` as the v2 prefix. This plugin rewrites the URL
 * before the request is signed (so OAuth 1.0a signs the URL actually requested), and passes the
 * caller's AbortSignal and a timeout down to node's request.
 */
function endpointPlugin(apiBase: string | undefined, signal: AbortSignal | undefined): ITwitterApiClientPlugin {
  const base = apiBase ? apiBase.replace(/\/+$/, '') + '/' : undefined;
  return {
    onBeforeRequestConfig({ params }) {
      if (base && params.url.startsWith(X_API_ORIGIN)) params.url = base + params.url.slice(X_API_ORIGIN.length);
      params.timeout ??= REQUEST_TIMEOUT_MS;
    },
    onBeforeRequest({ requestOptions }) {
      if (signal) (requestOptions as { signal?: AbortSignal }).signal = signal;
    },
  };
}

/** A user-context (OAuth 1.0a) client pointed at `ctx.endpoints.api` or the real API. */
export function xClient(ctx: ConnectorContext<XCredentials>): TwitterApi {
  const api = ctx.endpoints['api'];
  const plain = api !== undefined && api.startsWith('http:');
  return new TwitterApi(
    {
      appKey: ctx.credentials.appKey,
      appSecret: ctx.credentials.appSecret,
      accessToken: ctx.credentials.accessToken,
      accessSecret: ctx.credentials.accessSecret,
    },
    {
      plugins: [endpointPlugin(api, ctx.signal)],
      // The library always uses https.request; an http.Agent makes it speak plain HTTP (loopback emulator).
      ...(plain ? { httpAgent } : {}),
    },
  );
}

/** Text of an X error body: problem format (`title`/`detail`) or `errors[]`. */
function describeBody(data: unknown): string {
  if (!data || typeof data !== 'object') return typeof data === 'string' ? data.slice(0, 300) : '';
  const d = data as { title?: unknown; detail?: unknown; errors?: unknown };
  const parts: string[] = [];
  if (typeof d.title === 'string') parts.push(d.title);
  if (typeof d.detail === 'string' && d.detail !== d.title) parts.push(d.detail);
  if (Array.isArray(d.errors)) {
    for (const e of d.errors.slice(0, 3)) {
      const m = (e as { message?: unknown; detail?: unknown }).message ?? (e as { detail?: unknown }).detail;
      if (typeof m === 'string') parts.push(m);
    }
  }
  return parts.join(': ');
}

/** Maps whatever twitter-api-v2 threw to a typed ConnectorError. */
export function toConnectorError(e: unknown, what: string): ConnectorError {
  if (e instanceof ConnectorError) return e;
  if (e instanceof ApiResponseError) {
    const status = e.code;
    const detail = describeBody(e.data) || `HTTP ${status}`;
    let reset = e.rateLimit?.reset;
    // When a 24-hour cap is what ran out, its reset is the one that matters.
    if (e.rateLimit?.userDay?.remaining === 0) reset = e.rateLimit.userDay.reset;
    if (e.rateLimit?.day?.remaining === 0) reset = Math.max(reset ?? 0, e.rateLimit.day.reset);
    return errorFromStatus(status, `X ${what}: ${status} ${detail}`, {
      ...(reset ? { resetEpochSeconds: reset } : {}),
      cause: e,
    });
  }
  if (e instanceof ApiPartialResponseError || e instanceof ApiRequestError) {
    return new ConnectorError('transient', `X ${what}: network error: ${e.message}`, { cause: e });
  }
  const err = e as { name?: string; message?: string };
  if (err?.name === 'AbortError') return new ConnectorError('transient', `X ${what}: aborted`, { cause: e });
  return new ConnectorError('transient', `X ${what}: ${err?.message ?? String(e)}`, { cause: e });
}

/** Runs one X call; any failure comes out as a ConnectorError. */
export async function xCall<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw toConnectorError(e, what);
  }
}
