// Reply drafts survive reloads: kept in localStorage per conversation, with the idempotency key made when
// the draft started, so a resend after a crash or a double click is recognised as the same reply.
export interface Draft {
  text: string;
  key: string;
}

const PREFIX = 'inbox.draft.';

function newKey(): string {
  return crypto.randomUUID().replaceAll('-', '');
}

export function loadDraft(conversationId: string): Draft {
  try {
    const raw = localStorage.getItem(PREFIX + conversationId);
    if (raw) {
      const d = JSON.parse(raw) as Partial<Draft>;
      if (typeof d.text === 'string' && typeof d.key === 'string') return { text: d.text, key: d.key };
    }
  } catch {
    // Unreadable storage: start a fresh draft.
  }
  return { text: '', key: newKey() };
}

export function saveDraft(conversationId: string, d: Draft): void {
  try {
    if (d.text === '') localStorage.removeItem(PREFIX + conversationId);
    else localStorage.setItem(PREFIX + conversationId, JSON.stringify(d));
  } catch {
    // Storage full or blocked: the draft still lives in the page.
  }
}

export function clearDraft(conversationId: string): Draft {
  localStorage.removeItem(PREFIX + conversationId);
  return { text: '', key: newKey() };
}
