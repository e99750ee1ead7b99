// IMAP access with imapflow: connect, map errors, fetch new messages by UID.
import { ImapFlow } from 'imapflow';
import { ConnectorError } from '../core/errors.ts';
import type { ServerAddress } from './credentials.ts';

export const IMAP_TIMEOUTS = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 };

const NETWORK_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE',
  'NoConnection', 'EConnectionClosed', 'ClosedAfterConnectText', 'ClosedAfterConnectTLS', 'CONNECT_TIMEOUT',
  'GREETING_TIMEOUT', 'UPGRADE_TIMEOUT', 'ETIMEOUT', 'LockTimeout', 'StateLogout',
]);

interface ImapErrorLike {
  message?: string;
  code?: string;
  authenticationFailed?: boolean;
  serverResponseCode?: string;
  responseText?: string;
  throttleReset?: number;
  mailboxMissing?: boolean;
  tlsFailed?: boolean;
}

/** Any imapflow / socket failure → a typed ConnectorError. */
export function imapError(e: unknown, what: string): ConnectorError {
  if (e instanceof ConnectorError) return e;
  const err = (e ?? {}) as ImapErrorLike;
  const detail = [err.responseText || err.message, err.code].filter(Boolean).join(' ');
  const msg = `IMAP ${what}: ${detail || String(e)}`;
  const rc = (err.serverResponseCode ?? '').toUpperCase();
  if (err.authenticationFailed || rc === 'AUTHENTICATIONFAILED' || rc === 'AUTHORIZATIONFAILED' || rc === 'EXPIRED') {
    return new ConnectorError('auth', msg, { cause: e });
  }
  if (err.code === 'ETHROTTLE' || rc === 'LIMIT') {
    return new ConnectorError('rate_limited', msg, { retryAt: new Date(Date.now() + (err.throttleReset ?? 60_000)), cause: e });
  }
  if (err.mailboxMissing || rc === 'NONEXISTENT') return new ConnectorError('invalid', msg, { cause: e });
  if (err.tlsFailed) return new ConnectorError('invalid', msg, { cause: e });
  if (rc === 'UNAVAILABLE' || rc === 'INUSE' || rc === 'SERVERBUG') return new ConnectorError('transient', msg, { cause: e });
  if (err.code && NETWORK_CODES.has(err.code)) return new ConnectorError('transient', msg, { cause: e });
  // An unexpected server answer or a dropped connection: retrying later is the safe assumption.
  return new ConnectorError('transient', msg, { cause: e });
}

/** Connects and logs in; the caller must `close(client)`. */
export async function openImap(server: ServerAddress, signal?: AbortSignal): Promise<ImapFlow> {
  if (signal?.aborted) throw new ConnectorError('transient', 'IMAP connect: aborted');
  const client = new ImapFlow({
    host: server.host,
    port: server.port,
    secure: server.secure,
    auth: { user: server.user, pass: server.password },
    logger: false,
    disableAutoIdle: true,
    ...IMAP_TIMEOUTS,
  });
  // imapflow emits 'error' on socket failures after connect; the pending command rejects too.
  client.on('error', () => {});
  if (signal) signal.addEventListener('abort', () => client.close(), { once: true });
  try {
    await client.connect();
  } catch (e) {
    client.close();
    throw imapError(e, 'login');
  }
  return client;
}

export async function closeImap(client: ImapFlow): Promise<void> {
  try {
    if (client.usable) await client.logout();
  } catch {
    /* connection already gone */
  } finally {
    client.close();
  }
}

export interface FetchedMessage {
  uid: number;
  source: Buffer;
  internalDate?: Date;
}

export interface FetchNewResult {
  uidValidity: string;
  messages: FetchedMessage[];
  /** Highest UID looked at in this batch (or the `afterUid` given when none). */
  lastUid: number;
  /** More UIDs above `lastUid` remain. */
  more: boolean;
}

/**
 * Opens `mailbox` read-only and fetches up to `batchSize` messages with a UID above `afterUid`,
 * lowest UIDs first. When the mailbox's UIDVALIDITY is not `expectedValidity`, starts again from UID 0.
 */
export async function fetchNew(
  client: ImapFlow,
  mailbox: string,
  expectedValidity: string | null,
  afterUid: number,
  batchSize: number,
): Promise<FetchNewResult> {
  let box;
  try {
    box = await client.mailboxOpen(mailbox, { readOnly: true });
  } catch (e) {
    throw imapError(e, `open mailbox "${mailbox}"`);
  }
  const uidValidity = String(box.uidValidity);
  const from = expectedValidity === uidValidity ? afterUid : 0;
  if (box.exists === 0 || box.uidNext <= from + 1) {
    return { uidValidity, messages: [], lastUid: from, more: false };
  }
  let uids: number[];
  try {
    const found = await client.search({ uid: `${from + 1}:*` }, { uid: true });
    // `n:*` always matches the highest UID even when it is below n (RFC 3501 §6.4.8): filter.
    uids = (found || []).filter((u) => u > from).sort((a, b) => a - b);
  } catch (e) {
    throw imapError(e, 'search');
  }
  if (uids.length === 0) return { uidValidity, messages: [], lastUid: from, more: false };
  const batch = uids.slice(0, batchSize);
  const more = uids.length > batch.length;
  const messages: FetchedMessage[] = [];
  try {
    const fetched = await client.fetchAll(batch.join(','), { uid: true, source: true, internalDate: true }, { uid: true });
    for (const m of fetched) {
      const internalDate = m.internalDate instanceof Date ? m.internalDate : m.internalDate ? new Date(m.internalDate) : undefined;
      messages.push({ uid: m.uid, source: m.source ?? Buffer.alloc(0), ...(internalDate ? { internalDate } : {}) });
    }
  } catch (e) {
    throw imapError(e, 'fetch');
  }
  messages.sort((a, b) => a.uid - b.uid);
  // A UID that vanished between SEARCH and FETCH (expunged) is simply skipped.
  return { uidValidity, messages, lastUid: batch[batch.length - 1]!, more };
}
