import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { CANNED_VARIABLES, type CannedReply } from '@inbox/contract';
import { createCanned, deleteCanned, errorText, listCanned, updateCanned } from '../lib/api.ts';

/** Admin › Canned replies: texts agents insert into a reply, with variables filled from the conversation. */
export function CannedReplies() {
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['canned-replies'], queryFn: listCanned });
  const [editing, setEditing] = useState<CannedReply | null>(null);
  const [title, setTitle] = useState('');
  const [text, setText] = useState('');
  const reset = () => {
    setEditing(null);
    setTitle('');
    setText('');
  };
  const save = useMutation({
    mutationFn: () => (editing ? updateCanned(editing.id, { title, text }) : createCanned({ title, text })),
    onSuccess: () => {
      reset();
      void qc.invalidateQueries({ queryKey: ['canned-replies'] });
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => deleteCanned(id),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['canned-replies'] }),
  });

  return (
    <section className="canned-admin" aria-label="Canned replies">
      <h2>Canned replies</h2>
      <form
        aria-label={editing ? 'Edit canned reply' : 'New canned reply'}
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <label htmlFor="canned-title">Title</label>
        <input id="canned-title" value={title} maxLength={100} onChange={(e) => setTitle(e.target.value)} required />
        <label htmlFor="canned-text">Text</label>
        <textarea id="canned-text" value={text} maxLength={2000} rows={4} onChange={(e) => setText(e.target.value)} required />
        <p className="muted">
          Variables: {CANNED_VARIABLES.map((v) => `{{${v}}}`).join(', ')}. An order number not found in the conversation stays as {'{{order}}'} for the agent to fill.
        </p>
        <div>
          <button type="submit" disabled={save.isPending || !title.trim() || !text.trim()}>
            {editing ? 'Save changes' : 'Add canned reply'}
          </button>{' '}
          {editing && (
            <button type="button" onClick={reset}>
              Cancel
            </button>
          )}
        </div>
        {save.isError && (
          <p className="error" role="alert">
            Not saved. {errorText(save.error)}
          </p>
        )}
      </form>
      {q.isPending && <p className="state">Loading…</p>}
      {q.isError && (
        <p className="state error" role="alert">
          The canned replies could not be loaded. {errorText(q.error)}
        </p>
      )}
      {q.data?.length === 0 && <p className="state">No canned replies yet.</p>}
      <ul aria-label="Canned reply list">
        {q.data?.map((c) => (
          <li key={c.id}>
            <b>{c.title}</b>
            <p dir="auto">{c.text}</p>
            <button
              type="button"
              onClick={() => {
                setEditing(c);
                setTitle(c.title);
                setText(c.text);
              }}
            >
              Edit {c.title}
            </button>{' '}
            <button type="button" disabled={remove.isPending} onClick={() => remove.mutate(c.id)}>
              Delete {c.title}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
