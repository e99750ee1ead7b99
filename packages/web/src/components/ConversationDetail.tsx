import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { forwardRef, useEffect, useRef, useState } from 'react';
import { fillCannedReply, STATUSES, type ConversationDetail as Detail, type Note, type Reply, type Status } from '@inbox/contract';
import { addNote, correctComplaint, errorText, getConversation, listCanned, patchConversation, sendReply } from '../lib/api.ts';
import { presenceText, usePresence } from '../lib/presence.ts';
import { clearDraft, loadDraft, saveDraft, type Draft } from '../lib/drafts.ts';
import { customerName, dueText, LANG_LABEL, NETWORK_LABEL, replyBy, timeAgo } from '../lib/format.ts';
import { useHotkeys } from '../lib/hotkeys.ts';
import { useNow } from '../lib/now.ts';
import { applyConversation, applyMessageScores, applyNote, applyReply, detailKey } from '../lib/queue-cache.ts';
import { Highlight } from './Highlight.tsx';
import { ComplaintBadge, LangBadge, NetworkIcon, SentimentBadge } from './Badges.tsx';

type Msg = Detail['messages'][number];

const STATUS_LABEL: Record<Status, string> = { open: 'Open', pending: 'Pending', closed: 'Closed' };

/**
 * One conversation: its messages in order with their scores and replies, and (unless `canAct` is
 * false, for viewers) the reply box, status and assignment. `onClosed` is called when this person
 * closes it (Send and close, or the `e` key), to move on to the next conversation.
 */
export function ConversationDetail({
  id,
  me,
  myName = null,
  canAct,
  highlight,
  onClosed,
}: {
  id: string;
  me: string;
  myName?: string | null;
  canAct: boolean;
  /** Words of the current search, marked in the messages. */
  highlight?: string;
  onClosed(id: string): void;
}) {
  const qc = useQueryClient();
  const presence = usePresence(id, me, canAct);
  const q = useQuery({ queryKey: detailKey(id), queryFn: () => getConversation(id) });
  const now = useNow();
  const replyBox = useRef<HTMLTextAreaElement>(null);

  const patch = useMutation({
    mutationFn: (p: { status?: Status; assignee?: string | null }) => patchConversation(id, p),
    onSuccess: (c, p) => {
      applyConversation(qc, c, me);
      if (p.status === 'closed' && closeMoves.current) onClosed(id);
    },
  });
  // Only a close asked with `e` moves on; the Closed button leaves the thread in view.
  const closeMoves = useRef(false);
  const setStatus = (s: Status, moveOn = false) => {
    closeMoves.current = moveOn;
    patch.mutate({ status: s });
  };
  const assignToMe = () => patch.mutate({ assignee: me });

  useHotkeys(
    {
      r: () => replyBox.current?.focus(),
      // Not held back while another change is saving: both are idempotent, and a key pressed just
      // as the last change lands must not be lost.
      e: () => {
        if (q.data && q.data.status !== 'closed') setStatus('closed', true);
      },
      a: () => {
        if (q.data && q.data.assignee !== me) assignToMe();
      },
    },
    canAct,
  );

  if (q.isPending) return <p className="state">Loading the conversation…</p>;
  if (q.isError) {
    return (
      <div className="state error" role="alert">
        <p>This conversation could not be loaded. {errorText(q.error)}</p>
        <button type="button" onClick={() => void q.refetch()}>
          Retry
        </button>
      </div>
    );
  }
  const c = q.data;
  const due = c.dueAt && c.status !== 'closed' ? dueText(c.dueAt, now) : null;

  return (
    <article className="detail" aria-label="Conversation">
      <header>
        <NetworkIcon network={c.network} />
        <div className="who">
          <h2>{customerName(c.customer)}</h2>
          <p className="muted">
            {c.customer.handle ? `@${c.customer.handle} · ` : ''}
            {c.customer.reach.toLocaleString()} followers · {NETWORK_LABEL[c.network]} {c.kind} · {c.visibility} · {LANG_LABEL[c.lang] ?? c.lang}
          </p>
          {c.subject && <p className="subject">{c.subject}</p>}
        </div>
      </header>
      <div className="actions">
        {canAct ? (
          <div className="status-buttons" role="group" aria-label="Status">
            {STATUSES.map((s) => (
              <button key={s} type="button" className={c.status === s ? 'on' : ''} aria-pressed={c.status === s} disabled={patch.isPending} onClick={() => setStatus(s)}>
                {STATUS_LABEL[s]}
              </button>
            ))}
          </div>
        ) : (
          <span className={`badge st-${c.status}`}>{c.status}</span>
        )}
        <span className="assigned" data-testid="assignee">
          {c.assignee === null ? 'Unassigned' : `Assigned to ${c.assignee === me ? 'you' : c.assignee}`}
        </span>
        {canAct && c.assignee !== me && (
          <button type="button" disabled={patch.isPending} onClick={assignToMe}>
            Assign to me
          </button>
        )}
        {canAct && c.assignee !== null && (
          <button type="button" disabled={patch.isPending} onClick={() => patch.mutate({ assignee: null })}>
            Unassign
          </button>
        )}
        {due && <span className={`due ${due.overdue ? 'overdue' : ''}`}>{due.text}</span>}
        <span className="muted">priority {c.priority}</span>
      </div>
      {presence.others.length > 0 && (
        <p className="presence" role="status" aria-label="Who else is here">
          {presence.others.map(presenceText).join(' · ')}
        </p>
      )}
      {patch.isError && (
        <p className="error" role="alert">
          The change was not saved. {errorText(patch.error)}
        </p>
      )}

      <ol className="thread" aria-label="Messages">
        {timeline(c).map((item) =>
          'note' in item ? (
            <NoteItem key={item.note.id} n={item.note} me={me} now={now} />
          ) : (
            <MessageItem key={item.m.id} m={item.m} me={me} now={now} conversation={id} canAct={canAct} highlight={highlight} />
          ),
        )}
      </ol>

      {canAct && (
        <Composer key={id} ref={replyBox} id={id} c={c} me={me} myName={myName} sent={sentKeys(c)} onClosed={onClosed} onTyped={presence.typed} />
      )}
      {canAct && <NoteForm key={`note-${id}`} id={id} />}
    </article>
  );
}

/** Keys of the replies that went out (or are going): a draft with one of them is done. */
function sentKeys(c: Detail): Set<string> {
  return new Set(c.messages.flatMap((m) => m.replies.filter((r) => r.status !== 'failed').map((r) => r.key)));
}

/** Messages and internal notes in one time order. */
function timeline(c: Detail): Array<{ m: Msg } | { note: Note }> {
  const items: Array<{ at: string; item: { m: Msg } | { note: Note } }> = [...c.messages.map((m) => ({ at: m.createdAt, item: { m } })), ...c.notes.map((note) => ({ at: note.createdAt, item: { note } }))];
  return items.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)).map((x) => x.item);
}

function NoteItem({ n, me, now }: { n: Note; me: string; now: number }) {
  const who = n.by === me ? 'You' : (n.byName ?? n.by ?? 'Someone');
  return (
    <li className="note" aria-label={`Internal note by ${who}`}>
      <div className="muted">
        <span className="note-tag">Internal note</span> · {who} · <span title={new Date(n.createdAt).toLocaleString()}>{timeAgo(n.createdAt, now)} ago</span>
      </div>
      <p className="body" dir="auto">
        {n.text}
      </p>
    </li>
  );
}

/** A note for the team: stored with the conversation, never sent to the customer. */
function NoteForm({ id }: { id: string }) {
  const qc = useQueryClient();
  const [text, setText] = useState('');
  const add = useMutation({
    mutationFn: (t: string) => addNote(id, t),
    onSuccess: (n) => {
      applyNote(qc, n);
      setText('');
    },
  });
  return (
    <form
      className="note-form"
      aria-label="Internal note"
      onSubmit={(e) => {
        e.preventDefault();
        if (text.trim() && !add.isPending) add.mutate(text);
      }}
    >
      <label htmlFor={`note-${id}`}>Internal note (only your team sees it)</label>
      <textarea id={`note-${id}`} value={text} maxLength={2000} rows={2} onChange={(e) => setText(e.target.value)} />
      <div className="composer-row">
        {add.isError && (
          <span className="error" role="alert">
            The note was not saved. {errorText(add.error)}
          </span>
        )}
        <button type="submit" disabled={!text.trim() || add.isPending}>
          {add.isPending ? 'Adding…' : 'Add note'}
        </button>
      </div>
    </form>
  );
}

function ComplaintCorrection({ m }: { m: Msg }) {
  const qc = useQueryClient();
  const fix = useMutation({
    mutationFn: (flag: boolean) => correctComplaint(m.id, flag),
    onSuccess: ({ message, conversation }) => {
      applyMessageScores(qc, message);
      qc.setQueryData<Detail>(detailKey(conversation.id), (old) => (old ? { ...old, ...conversation, messages: old.messages, notes: old.notes } : old));
    },
  });
  return (
    <>
      <button type="button" className="correct" disabled={fix.isPending} onClick={() => fix.mutate(!m.complaint.flag)}>
        {m.complaint.flag ? 'Not a complaint' : 'Complaint'}
      </button>
      {fix.isError && <span className="error">{errorText(fix.error)}</span>}
    </>
  );
}

function MessageItem({ m, me, now, conversation, canAct, highlight }: { m: Msg; me: string; now: number; conversation: string; canAct: boolean; highlight?: string | undefined }) {
  const canRetry = canAct;
  return (
    <li className={`message ${m.complaint.flag ? 'is-complaint' : ''}`}>
      <div className="muted">
        <span className="author">{customerName(m.author)}</span>
        {m.author.handle && m.author.name ? ` @${m.author.handle}` : ''} · {m.kind} · <span title={new Date(m.createdAt).toLocaleString()}>{timeAgo(m.createdAt, now)} ago</span>
        {m.url && /^https?:\/\//i.test(m.url) && (
          <>
            {' · '}
            <a href={m.url} target="_blank" rel="noreferrer noopener">
              Open on {NETWORK_LABEL[m.network]}
            </a>
          </>
        )}
      </div>
      {m.subject && <p className="subject">{m.subject}</p>}
      <p className="body" dir="auto">
        <Highlight text={m.text} query={highlight} />
      </p>
      <div className="scores">
        <ComplaintBadge c={m.complaint} />
        <SentimentBadge s={m.sentiment} />
        <LangBadge lang={m.lang} />
        <span className="muted">priority {m.priority}</span>
        {canAct && <ComplaintCorrection m={m} />}
        {m.complaint.reasons.length > 0 && <p className="why">Why: {m.complaint.reasons.join(' · ')}</p>}
        {m.sentiment.words.length > 0 && <p className="why">Words: {m.sentiment.words.join(', ')}</p>}
      </div>
      {m.replies.map((r) => (
        <ReplyItem key={r.id} r={r} me={me} conversation={conversation} canRetry={canRetry} />
      ))}
    </li>
  );
}

function ReplyItem({ r, me, conversation, canRetry }: { r: Reply; me: string; conversation: string; canRetry: boolean }) {
  const qc = useQueryClient();
  const retry = useMutation({
    mutationFn: () => sendReply(conversation, { text: r.text, key: r.key, to: r.message }),
    onSuccess: (sent) => applyReply(qc, sent),
  });
  const status = r.status === 'failed' ? 'not sent' : r.status;
  return (
    <div className={`reply reply-${r.status}`} role="group" aria-label={`Reply by ${replyBy(r.by, me)}`}>
      <span className="muted">
        {replyBy(r.by, me)} · {status}
      </span>
      <p dir="auto">{r.text}</p>
      {r.status === 'failed' && (
        <p className="error" role="alert">
          The network refused this reply: {(r.error ?? 'no reason given').replace(/\.$/, '')}.{' '}
          {canRetry && (
            <button type="button" disabled={retry.isPending} onClick={() => retry.mutate()}>
              {retry.isPending ? 'Retrying…' : 'Retry'}
            </button>
          )}
        </p>
      )}
      {retry.isError && <p className="error">{errorText(retry.error)}</p>}
    </div>
  );
}

interface ComposerProps {
  id: string;
  c: Detail;
  me: string;
  myName: string | null;
  sent: Set<string>;
  onClosed(id: string): void;
  onTyped(): void;
}

const Composer = forwardRef<HTMLTextAreaElement, ComposerProps>(function Composer({ id, c, me, myName, sent, onClosed, onTyped }, ref) {
  const visibility = c.visibility;
  const canned = useQuery({ queryKey: ['canned-replies'], queryFn: listCanned, staleTime: 60_000 });
  const insertCanned = (cannedId: string) => {
    const t = canned.data?.find((x) => x.id === cannedId);
    if (!t) return;
    const texts = c.messages.filter((m) => m.author.id === c.customer.id).map((m) => m.text);
    const filled = fillCannedReply(t.text, { customer: c.customer, texts, agent: { name: myName, email: me } });
    setDraft({ ...draft, text: draft.text.trim() ? `${draft.text.trimEnd()}\n\n${filled}` : filled });
  };
  const qc = useQueryClient();
  const [draft, setDraft] = useState<Draft>(() => loadDraft(id));
  useEffect(() => saveDraft(id, draft), [id, draft]);
  // The draft went out (a Retry in the thread, or the send answered): start a new one.
  const done = sent.has(draft.key);
  useEffect(() => {
    if (done) setDraft(clearDraft(id));
  }, [done, id]);
  const reply = useMutation({
    mutationFn: ({ d, close }: { d: Draft; close: boolean }) => sendReply(id, { text: d.text, key: d.key, ...(close ? { close: true } : {}) }),
    onSuccess: (r, { close }) => {
      applyReply(qc, r);
      // A refused reply keeps its draft (shown in the thread with a retry); a sent one clears it.
      if (r.status === 'failed') return;
      void qc.invalidateQueries({ queryKey: detailKey(id) });
      if (close) onClosed(id);
    },
  });
  const send = (close: boolean) => {
    if (draft.text.trim() && !reply.isPending) reply.mutate({ d: draft, close });
  };
  return (
    <form
      className="composer"
      onSubmit={(e) => {
        e.preventDefault();
        send(false);
      }}
    >
      <label htmlFor="reply">Reply {visibility === 'public' ? 'publicly' : 'privately'}</label>
      <textarea
        id="reply"
        ref={ref}
        value={draft.text}
        maxLength={2000}
        placeholder="Write a reply… (Ctrl+Enter to send)"
        onChange={(e) => {
          setDraft({ ...draft, text: e.target.value });
          onTyped();
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            send(false);
          }
          if (e.key === 'Escape') e.currentTarget.blur();
        }}
      />
      <div className="composer-row">
        {(canned.data?.length ?? 0) > 0 && (
          <select aria-label="Insert a canned reply" value="" onChange={(e) => insertCanned(e.target.value)}>
            <option value="">Canned reply…</option>
            {canned.data?.map((t) => (
              <option key={t.id} value={t.id}>
                {t.title}
              </option>
            ))}
          </select>
        )}
        {reply.isError && (
          <span className="error" role="alert">
            Not sent: {errorText(reply.error)} Your draft is kept.
          </span>
        )}
        <span className="muted">{draft.text.length}/2000</span>
        <button type="submit" disabled={!draft.text.trim() || reply.isPending}>
          {reply.isPending ? 'Sending…' : 'Send'}
        </button>
        <button type="button" disabled={!draft.text.trim() || reply.isPending} onClick={() => send(true)}>
          Send and close
        </button>
      </div>
    </form>
  );
});
