// What a network sends is shown to agents: links must be web links, and no name or text may reorder
// the text around it. Applied to every incoming message before it is scored and stored.
import type { IncomingMention } from '@inbox/connectors';

/** Bidi embedding/override (U+202A–U+202E) and isolate (U+2066–U+2069) controls. */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

export function stripBidiControls(s: string): string {
  return s.replace(BIDI_CONTROLS, '');
}

/** The URL when it is http(s); null for `javascript:`, `data:`, `vbscript:` and anything else. */
export function httpUrlOrNull(u: string | null | undefined): string | null {
  if (!u) return null;
  try {
    const parsed = new URL(u.trim());
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

export function sanitizeIncoming(m: IncomingMention): IncomingMention {
  const url = httpUrlOrNull(m.url);
  const { url: _dropped, ...rest } = m;
  return {
    ...rest,
    ...(url ? { url } : {}),
    text: stripBidiControls(m.text),
    author: {
      ...m.author,
      ...(m.author.handle != null ? { handle: stripBidiControls(m.author.handle) } : {}),
      ...(m.author.name != null ? { name: stripBidiControls(m.author.name) } : {}),
    },
  };
}
