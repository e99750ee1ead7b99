// Signed-in HTTP clients for tests: the session cookie plus this site's Origin on every request.
import type { Role } from '../../packages/server/src/models/user.ts';
import { recordResponse } from './artifacts.ts';

export const TEST_PASSWORD: Record<Role, string> = {
  admin: 'admin-password-for-tests',
  agent: 'agent-password-for-tests',
  viewer: 'viewer-password-for-tests',
};
export const testEmail = (role: Role) => `${role}@test.local`;

export interface Client {
  /** `name=value` of the session cookie ('' when anonymous). */
  cookie: string;
  /** fetch with the cookie, Origin and (for string bodies) a JSON content type; absolute or /path URLs. */
  fetch(url: string, init?: RequestInit): Promise<Response>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  getJson<T = any>(url: string, init?: RequestInit): Promise<{ status: number; body: T }>;
}

export function client(baseUrl: string, cookie = ''): Client {
  const doFetch = (url: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (cookie && !headers.has('cookie')) headers.set('cookie', cookie);
    if (!headers.has('origin')) headers.set('origin', baseUrl);
    if (typeof init.body === 'string' && !headers.has('content-type')) headers.set('content-type', 'application/json');
    return fetch(url.startsWith('/') ? baseUrl + url : url, { ...init, headers });
  };
  return {
    cookie,
    fetch: doFetch,
    async getJson(url, init) {
      const res = await doFetch(url, init);
      const text = await res.text();
      recordResponse(init?.method ?? 'GET', url, res.status, text);
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON; keep the text
      }
      return { status: res.status, body: body as never };
    },
  };
}

/** Signs in through the API and returns a client carrying the session cookie. */
export async function signIn(baseUrl: string, email: string, password: string): Promise<Client> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseUrl },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in as ${email} failed: ${res.status} ${await res.text()}`);
  const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('inbox.sid='));
  if (!setCookie) throw new Error('sign-in set no session cookie');
  return client(baseUrl, setCookie.split(';')[0]!);
}
