/// <reference path="./facebook-sdk.d.ts" />
import { FacebookAdsApi } from 'facebook-nodejs-business-sdk';
import { ConnectorError } from '../core/index.ts';
import { graphError, type GraphErrorBody } from './errors.ts';

/** Where the real Graph API lives; `ctx.endpoints.graph` overrides it (the emulator, a proxy). */
export const DEFAULT_GRAPH_URL = 'https://graph.facebook.com';
/** The Graph API version the SDK speaks (`v24.0` for SDK 24). */
export const GRAPH_VERSION = FacebookAdsApi.VERSION;

export interface GraphResponse<T> {
  body: T;
  /** Lower-cased response headers (Date, X-App-Usage, X-Business-Use-Case-Usage, …). */
  headers: Record<string, string | undefined>;
}

function plainHeaders(h: unknown): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  if (!h || typeof h !== 'object') return out;
  const src = typeof (h as { toJSON?: () => unknown }).toJSON === 'function' ? (h as { toJSON: () => unknown }).toJSON() : h;
  for (const [k, v] of Object.entries(src as Record<string, unknown>)) {
    if (v === undefined || v === null) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  return out;
}

/**
 * A Graph API client for one access token, built on `facebook-nodejs-business-sdk`'s `FacebookAdsApi.call`.
 * The SDK's base URL is a constant (`FacebookAdsApi.GRAPH`), but `call()` takes a `urlOverride` domain:
 * every request passes the configured base URL there, so the same code reaches graph.facebook.com or
 * the local emulator. Every failure is thrown as a typed ConnectorError; nothing is retried here.
 */
export class GraphClient {
  private readonly api: FacebookAdsApi;
  readonly baseUrl: string;

  constructor(
    readonly network: string,
    accessToken: string,
    baseUrl: string | undefined,
  ) {
    if (!accessToken) throw new ConnectorError('auth', `${network}: no access token configured`);
    // crash_log=false: the SDK's crash reporter would install a process-wide uncaughtException handler.
    this.api = new FacebookAdsApi(accessToken, 'en_US', false);
    this.api.setShowHeader(true);
    this.baseUrl = (baseUrl || DEFAULT_GRAPH_URL).replace(/\/+$/, '');
  }

  get<T = unknown>(path: string[], params: Record<string, unknown> = {}): Promise<GraphResponse<T>> {
    return this.request<T>('GET', path, params);
  }

  post<T = unknown>(path: string[], body: Record<string, unknown>): Promise<GraphResponse<T>> {
    return this.request<T>('POST', path, body);
  }

  private async request<T>(method: string, path: string[], params: Record<string, unknown>): Promise<GraphResponse<T>> {
    const encoded = path.map((p) => encodeURIComponent(p));
    let raw: unknown;
    try {
      raw = await this.api.call(method, encoded, { ...params }, {}, false, this.baseUrl);
    } catch (e) {
      throw toConnectorError(this.network, e);
    }
    if (!raw || typeof raw !== 'object') {
      throw new ConnectorError('transient', `${this.network} Graph API answered ${method} /${path.join('/')} with a non-JSON body`);
    }
    const { headers, ...body } = raw as Record<string, unknown>;
    return { body: body as T, headers: plainHeaders(headers) };
  }
}

interface SdkRequestError {
  name?: string;
  message?: string;
  status?: number | null;
  response?: unknown;
  headers?: unknown;
}

/** Turns whatever the SDK threw into a ConnectorError. */
export function toConnectorError(network: string, e: unknown): ConnectorError {
  if (e instanceof ConnectorError) return e;
  const err = e as SdkRequestError;
  if (err && err.name === 'FacebookRequestError') {
    const body = err.response && typeof err.response === 'object' ? (err.response as GraphErrorBody) : { message: err.message };
    return graphError(network, err.status ?? null, body, plainHeaders(err.headers), e);
  }
  // The SDK JSON.parses non-JSON error bodies (HTML 502 pages) and throws a SyntaxError: a bad gateway.
  return new ConnectorError('transient', `${network} Graph API call failed: ${(err && err.message) || String(e)}`, { cause: e });
}
