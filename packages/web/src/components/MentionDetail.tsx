import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { getMention, sendReply, setStatus } from '../lib/api.ts';
import { clearDraft, loadDraft, saveDraft, type Draft } from '../lib/drafts.ts';
import { LANG_LABEL, NETWORK_LABEL, timeAgo } from '../lib/format.ts';
import type { Status } from '../lib/types.ts';
import { ComplaintBadge, LangBadge, NetworkIcon, SentimentBadge } from './Badges.tsx';

/** `canAct`: false for viewers, who read only (the server refuses their changes anyway). */
export function MentionDetail({ id, canAct = true }: { id: string; canAct?: boolean }) {
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['mention', id], queryFn: () => getMention(id) });
  const [draft, setDraft] = useState<Draft>(() => loadDraft(id));
  useEffect(() => setDraft(loadDraft(id)), [id]);
  useEffect(() => saveDraft(id, draft), [id, draft]);

  const status = useMutation({
    mutationFn: (s: Status) => setStatus(id, s),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['mention', id] });
      void qc.invalidateQueries({ queryKey: ['mentions'] });
    },
  });
  const reply = useMutation({
    mutationFn: (d: Draft) => sendReply(id, d.text, d.key),
    onSuccess: () => {
      setDraft(clearDraft(id));
      void qc.invalidateQueries({ queryKey: ['mention', id] });
      void qc.invalidateQueries({ queryKey: ['mentions'] });
    },
  });

  if (q.isPending) return <p className="state">Loading…</p>;
  if (q.isError) return <p className="state error" role="alert">Could not load this message: {q.error.message}</p>;
  const m = q.data;
  const send = () => {
    if (draft.text.trim() && !reply.isPending) reply.mutate(draft);
  };

  return (
    <article className="detail" aria-label="Message">
      <header>
        <NetworkIcon network={m.network} />
        <div>
          <h2>{m.author.name ?? m.author.handle}</h2>
          <p className="muted">
            {m.author.handle ? `@${m.author.handle} · ` : ''}
            {m.author.reach.toLocaleString()} followers · {NETWORK_LABEL[m.network]} {m.kind} · {m.visibility} · {LANG_LABEL[m.lang] ?? m.lang}
          </p>
        </div>
        {canAct ? (
        <div className="status-buttons" role="group" aria-label="Status">
          {(['open', 'pending', 'closed'] as const).map((s) => (
            <button key={s} type="button" className={m.status === s ? 'on' : ''} aria-pressed={m.status === s} disabled={status.isPending} onClick={() => status.mutate(s)}>
              {s[0]!.toUpperCase() + s.slice(1)}
            </button>
          ))}
        </div>
        ) : (
          <span className="badge">{m.status}</span>
        )}
      </header>

      <section className="scores">
        <ComplaintBadge c={m.complaint} />
        <SentimentBadge s={m.sentiment} />
        <LangBadge lang={m.lang} />
        <span className="muted">priority {m.priority}</span>
        {m.dueAt && <span className="due">reply due {new Date(m.dueAt).toLocaleTimeString()}</span>}
        {m.complaint.reasons.length > 0 && <p className="why">Why: {m.complaint.reasons.join(' · ')}</p>}
        {m.sentiment.words.length > 0 && <p className="why">Words: {m.sentiment.words.join(', ')}</p>}
      </section>

      <ol className="thread" aria-label="Conversation">
        {m.thread.map((t) => (
          <li key={t.id} className={t.id === m.id ? 'current' : ''}>
            <div className="muted">
              {t.author.name ?? t.author.handle} · {timeAgo(t.createdAt)} ago
            </div>
            <p dir="auto">{t.text}</p>
            {t.replies.map((r) => (
              <div key={r.id} className={`reply reply-${r.status}`} data-testid="reply">
                <span className="muted">You · {r.status}</span>
                <p dir="auto">{r.text}</p>
                {r.error && <p className="error">{r.error}</p>}
              </div>
            ))}
          </li>
        ))}
      </ol>
      {m.url && /^https?:\/\//i.test(m.url) && (
        <a href={m.url} target="_blank" rel="noreferrer noopener" className="muted">
          Open on {NETWORK_LABEL[m.network]}
        </a>
      )}

      {canAct && (
      <form
        className="composer"
        onSubmit={(e) => {
          e.preventDefault();
          send();
        }}
      >
        <label htmlFor="reply">Reply {m.visibility === 'public' ? 'publicly' : 'privately'}</label>
        <textarea
          id="reply"
          value={draft.text}
          maxLength={2000}
          placeholder="Write a reply… (Ctrl+Enter to send)"
          onChange={(e) => setDraft({ ...draft, text: e.target.value })}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              send();
            }
          }}
        />
        <div className="composer-row">
          {reply.isError && (
            <span className="error" role="alert">
              {reply.error.message}
            </span>
          )}
          <span className="muted">{draft.text.length}/2000</span>
          <button type="submit" disabled={!draft.text.trim() || reply.isPending}>
            {reply.isPending ? 'Sending…' : 'Send reply'}
          </button>
        </div>
      </form>
      )}
    </article>
  );
}
