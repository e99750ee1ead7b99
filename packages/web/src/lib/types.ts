// The API's shapes as the web app uses them.
export type Network = 'sandbox' | 'x' | 'facebook' | 'instagram' | 'email';
export type Status = 'open' | 'pending' | 'closed';
export type SentimentLabel = 'negative' | 'neutral' | 'positive';

export interface Reply {
  id: string;
  key: string;
  text: string;
  status: 'sending' | 'sent' | 'failed';
  externalId: string | null;
  error: string | null;
  createdAt: string;
}

export interface Mention {
  id: string;
  account: string;
  network: Network;
  externalId: string;
  threadKey: string;
  kind: string;
  visibility: 'public' | 'private';
  author: { id: string; handle: string | null; name: string | null; reach: number };
  text: string;
  lang: string;
  url: string | null;
  createdAt: string;
  receivedAt: string;
  sentiment: { label: SentimentLabel; score: number; words: string[] };
  complaint: { flag: boolean; score: number; reasons: string[] };
  priority: number;
  dueAt: string | null;
  status: Status;
  assignee: string | null;
  labels: string[];
  replyCount: number;
}

export interface MentionDetail extends Mention {
  replies: Reply[];
  thread: Array<Mention & { replies: Reply[] }>;
}

export interface Account {
  id: string;
  network: Network;
  name: string;
  enabled: boolean;
  identity: { id?: string; handle?: string; name?: string } | null;
  hasCredentials: boolean;
  health: { state: string; message: string | null; lastPollAt?: string | null; lastSuccessAt: string | null; nextAttemptAt: string | null };
}

export type Role = 'admin' | 'agent' | 'viewer';

export interface User {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  disabled: boolean;
  createdAt: string;
  lastLoginAt: string | null;
  /** On a one-time password: the app asks for a new one before anything else. */
  mustChangePassword?: boolean;
}

export interface AuditEntry {
  id: string;
  at: string;
  action: string;
  actor: { id: string; email: string; role: string } | null;
  target: { type: string; id: string; label: string | null } | null;
  details: Record<string, unknown>;
  ip: string | null;
}

export interface NetworkInfo {
  network: Network;
  displayName: string;
  fields: Array<{ name: string; label: string; optional: boolean; secret: boolean }>;
}

export interface Filters {
  order: 'newest' | 'priority';
  network?: Network;
  complaint?: 'true' | 'false';
  sentiment?: SentimentLabel;
  status?: Status;
  lang?: string;
  q?: string;
}
