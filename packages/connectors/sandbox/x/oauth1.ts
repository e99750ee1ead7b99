// OAuth 1.0a (HMAC-SHA1) request verification, as X checks user-context requests.
// RFC 5849 §3.4: base string = METHOD & enc(base URL) & enc(sorted, encoded params).
import { createHmac } from 'node:crypto';
import { safeEqual } from '../../src/core/signatures.ts';

/** RFC 3986 percent-encoding (what OAuth 1.0a requires). */
export function percentEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!*'()]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

/** Parses `OAuth k="v", ...` into decoded key/values; null when not an OAuth header. */
export function parseOAuthHeader(header: string | undefined): Record<string, string> | null {
  if (!header || !/^OAuth\s/i.test(header)) return null;
  const out: Record<string, string> = {};
  for (const m of header.slice(6).matchAll(/([a-z_]+)="([^"]*)"/gi)) {
    out[decodeURIComponent(m[1]!)] = decodeURIComponent(m[2]!);
  }
  return out;
}

export interface OAuth1Check {
  method: string;
  /** Scheme, host, port and path; no query. */
  baseUrl: string;
  /** Decoded query (and form-body) parameters. */
  params: [string, string][];
  oauth: Record<string, string>;
  consumerSecret: string;
  tokenSecret: string;
}

export function oauth1Signature(c: Omit<OAuth1Check, 'oauth'> & { oauth: Record<string, string> }): string {
  const pairs: [string, string][] = [...c.params];
  for (const [k, v] of Object.entries(c.oauth)) if (k !== 'oauth_signature' && k !== 'realm') pairs.push([k, v]);
  const enc = pairs.map(([k, v]) => [percentEncode(k), percentEncode(v)] as const);
  enc.sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0) : a[0] < b[0] ? -1 : 1));
  const paramString = enc.map(([k, v]) => `${k}=${v}`).join('&');
  const base = `${c.method.toUpperCase()}&${percentEncode(c.baseUrl)}&${percentEncode(paramString)}`;
  const key = `${percentEncode(c.consumerSecret)}&${percentEncode(c.tokenSecret)}`;
  return createHmac('sha1', key).update(base).digest('base64');
}

export function verifyOAuth1(c: OAuth1Check): boolean {
  const sig = c.oauth['oauth_signature'];
  if (!sig || c.oauth['oauth_signature_method'] !== 'HMAC-SHA1') return false;
  return safeEqual(sig, oauth1Signature(c));
}
