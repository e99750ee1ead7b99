import type {
  BulkBody,
  BulkResult,
  CannedReply,
  CannedReplyBody,
  Conversation,
  ConversationDetail,
  ConversationPage,
  Message,
  Note,
  NoteBody,
  PatchCannedReplyBody,
  PatchConversationBody,
  Presence,
  PresenceBody,
  QueueCounts,
  Reply,
  ReplyBody,
  Role,
} from '@inbox/contract';
import type { Account, AuditEntry, Filters, NetworkInfo, User } from './types.ts';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The response's `data`, when an error still carries one (a refused reply, for instance). */
    readonly data: unknown = undefined,
  ) {
    super(message);
  }
}

/** The inbox did not answer at all (offline, server down): the fetch itself failed. */
export class UnreachableError extends Error {
  constructor() {
    super('The inbox could not be reached. Check your connection and retry.');
  }
}

/** What to show a person for a failed request: never the browser's "Failed to fetch". */
export function errorText(err: unknown): string {
  if (err instanceof ApiError || err instanceof UnreachableError) return err.message;
  return 'Something went wrong. Please retry.';
}

let onSignedOut: () => void = () => {};
/** Called when the server says the session is gone (401), so the app shows the sign-in screen. */
export function setSignedOutHandler(fn: () => void): void {
  onSignedOut = fn;
}

async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
  // Same-origin fetches carry the session cookie and the Origin header the server checks.
  let res: Response;
  try {
    res = await fetch(path, { credentials: 'same-origin', ...init, headers: { 'content-type': 'application/json', ...init.headers } });
  } catch {
    throw new UnreachableError();
  }
  const body = (await res.json().catch(() => null)) as { error?: string; data?: unknown } | null;
  if (!res.ok) {
    if (res.status === 401 && !path.startsWith('/api/auth/login') && !path.startsWith('/api/auth/password')) onSignedOut();
    // A proxy's 502/504 page has no JSON: the inbox itself is not answering.
    if (!body && res.status >= 502) throw new UnreachableError();
    throw new ApiError(res.status, body?.error ?? `The inbox answered ${res.status} ${res.statusText}`.trim(), body?.data);
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

export function listConversations(filters: Filters, cursor: string | null): Promise<ConversationPage> {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v !== undefined && v !== '') params.set(k, String(v));
  if (cursor) params.set('cursor', cursor);
  params.set('limit', '30');
  return request(`/api/conversations?${params}`);
}

export const getCounts = () => request<{ data: QueueCounts }>('/api/conversations/counts').then((r) => r.data);

export const getConversation = (id: string) => request<{ data: ConversationDetail }>(`/api/conversations/${id}`).then((r) => r.data);

export const patchConversation = (id: string, patch: PatchConversationBody) =>
  request<{ data: Conversation }>(`/api/conversations/${id}`, { method: 'PATCH', body: JSON.stringify(patch) }).then((r) => r.data);

/**
 * Sends a reply. Resolves with the stored reply also when the network refused it (502/429: the reply
 * comes back `failed` with the network's error), so the thread can show it at once with a retry.
 */
export async function sendReply(id: string, body: ReplyBody): Promise<Reply> {
  try {
    const r = await request<{ data: Reply }>(`/api/conversations/${id}/replies`, { method: 'POST', body: JSON.stringify(body) });
    return r.data;
  } catch (err) {
    if (err instanceof ApiError && isReply(err.data)) return { ...err.data, error: err.data.error ?? err.message };
    throw err;
  }
}

function isReply(v: unknown): v is Reply {
  return typeof v === 'object' && v !== null && 'status' in v && 'key' in v && 'message' in v;
}

export const listAccounts = () => request<{ data: Account[] }>('/api/accounts').then((r) => r.data);

// ---- team work: notes, complaint corrections, canned replies, bulk actions, presence -----------

export const addNote = (id: string, text: string) =>
  request<{ data: Note }>(`/api/conversations/${id}/notes`, { method: 'POST', body: JSON.stringify({ text } satisfies NoteBody) }).then((r) => r.data);
export const correctComplaint = (messageId: string, flag: boolean) =>
  request<{ data: { message: Message; conversation: Conversation } }>(`/api/messages/${messageId}/complaint`, { method: 'PATCH', body: JSON.stringify({ flag }) }).then((r) => r.data);
export const listCanned = () => request<{ data: CannedReply[] }>('/api/canned-replies').then((r) => r.data);
export const createCanned = (c: CannedReplyBody) => request<{ data: CannedReply }>('/api/canned-replies', { method: 'POST', body: JSON.stringify(c) }).then((r) => r.data);
export const updateCanned = (id: string, c: PatchCannedReplyBody) =>
  request<{ data: CannedReply }>(`/api/canned-replies/${id}`, { method: 'PATCH', body: JSON.stringify(c) }).then((r) => r.data);
export const deleteCanned = (id: string) => request<{ data: CannedReply }>(`/api/canned-replies/${id}`, { method: 'DELETE' }).then((r) => r.data);
export const bulk = (b: BulkBody) =>
  request<{ data: Array<BulkResult & { conversation?: Conversation }> }>('/api/conversations/bulk', { method: 'POST', body: JSON.stringify(b) }).then((r) => r.data);
export const setPresence = (id: string, state: PresenceBody['state']) =>
  request<{ data: Presence[] }>(`/api/conversations/${id}/presence`, { method: 'POST', body: JSON.stringify({ state }) }).then((r) => r.data);
