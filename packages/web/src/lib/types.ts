// Web-only shapes. Everything the conversation API sends or takes comes from @inbox/contract; what is
// here are the admin and session routes the contract does not cover yet, and the queue's filters.
import type { ListConversationsQuery, Network, Role } from '@inbox/contract';

export interface Account {
  id: string;
  network: Network;
  name: string;
  enabled: boolean;
  identity: { id?: string; handle?: string; name?: string } | null;
  hasCredentials: boolean;
  health: {
    state: string;
    message: string | null;
    lastPollAt?: string | null;
    lastSuccessAt: string | null;
    nextAttemptAt: string | null;
    /** Signed deliveries that could not be read (wholly or in part); their bodies are kept for replay. */
    parseFailures?: number;
    lastParseError?: { at: string | null; message: string | null } | null;
  };
}

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

/** The queue's filters: the list query without paging, with the order always set. */
export type Filters = Omit<ListConversationsQuery, 'cursor' | 'limit' | 'order'> & { order: 'newest' | 'priority' };
