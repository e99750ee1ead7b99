import type { Account, AuditEntry, Filters, Mention, MentionDetail, NetworkInfo, Reply, Role, Status, User } from './types.ts';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

let onSignedOut: () => void = () => {};
/** Called when the server says the session is gone (401), so the app shows the sign-in screen. */
export function setSignedOutHandler(fn: () => void): void {
  onSignedOut = fn;
}

async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
  // Same-origin fetches carry the session cookie and the Origin header the server checks.
  const res = await fetch(path, { credentials: 'same-origin', ...init, headers: { 'content-type': 'application/json', ...init.headers } });
  const body = (await res.json().catch(() => null)) as { error?: string } | null;
  if (!res.ok) {
    if (res.status === 401 && !path.startsWith('/api/auth/login') && !path.startsWith('/api/auth/password')) onSignedOut();
    throw new ApiError(res.status, body?.error ?? `${res.status} ${res.statusText}`);
  }
  return body as T;
}

export const getMe = () => request<{ data: User | null }>('/api/auth/me').then((r) => r.data);
export const login = (email: string, password: string) =>
  request<{ data: User }>('/api/auth/login', { method: 'POST', body: JSON.stringify({ email, password }) }).then((r) => r.data);
export const changePassword = (currentPassword: string, newPassword: string) =>
  request<{ data: User }>('/api/auth/password', { method: 'POST', body: JSON.stringify({ currentPassword, newPassword }) }).then((r) => r.data);
export const logout = () => fetch('/api/auth/logout', { method: 'POST', credentials: 'same-origin' }).then(() => undefined);

export const listUsers = () => request<{ data: User[] }>('/api/users').then((r) => r.data);
export const createUser = (u: { email: string; name?: string; role: Role; password: string }) =>
  request<{ data: User }>('/api/users', { method: 'POST', body: JSON.stringify(u) }).then((r) => r.data);
export const updateUser = (id: string, patch: { role?: Role; disabled?: boolean; password?: string }) =>
  request<{ data: User }>(`/api/users/${id}`, { method: 'PATCH', body: JSON.stringify(patch) }).then((r) => r.data);

export function listAudit(action: string, cursor: string | null): Promise<{ data: AuditEntry[]; nextCursor: string | null }> {
  const params = new URLSearchParams({ limit: '50' });
  if (action) params.set('action', action);
  if (cursor) params.set('cursor', cursor);
  return request(`/api/audit?${params}`);
}

export const listNetworks = () => request<{ data: NetworkInfo[] }>('/api/networks').then((r) => r.data);
export const connectAccount = (a: { network: string; name: string; credentials: Record<string, string>; endpoints?: Record<string, string> }) =>
  request<{ data: Account }>('/api/accounts', { method: 'POST', body: JSON.stringify(a) }).then((r) => r.data);
export const updateAccount = (id: string, patch: { name?: string; enabled?: boolean; credentials?: Record<string, string> }) =>
  request<{ data: Account }>(`/api/accounts/${id}`, { method: 'PATCH', body: JSON.stringify(patch) }).then((r) => r.data);

export function listMentions(filters: Filters, cursor: string | null): Promise<{ data: Mention[]; nextCursor: string | null }> {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v !== undefined && v !== '') params.set(k, String(v));
  if (cursor) params.set('cursor', cursor);
  params.set('limit', '30');
  return request(`/api/mentions?${params}`);
}

export const getMention = (id: string) => request<{ data: MentionDetail }>(`/api/mentions/${id}`).then((r) => r.data);

export const setStatus = (id: string, status: Status) =>
  request<{ data: Mention }>(`/api/mentions/${id}`, { method: 'PATCH', body: JSON.stringify({ status }) }).then((r) => r.data);

export const sendReply = (id: string, text: string, key: string) =>
  request<{ data: Reply }>(`/api/mentions/${id}/replies`, { method: 'POST', body: JSON.stringify({ text, key }) }).then((r) => r.data);

export const listAccounts = () => request<{ data: Account[] }>('/api/accounts').then((r) => r.data);
