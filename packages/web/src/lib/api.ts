import type { Account, Filters, Mention, MentionDetail, Reply, Status } from './types.ts';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(path, { ...init, headers: { 'content-type': 'application/json', ...init.headers } });
  const body = (await res.json().catch(() => null)) as { error?: string } | null;
  if (!res.ok) throw new ApiError(res.status, body?.error ?? `${res.status} ${res.statusText}`);
  return body as T;
}

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
