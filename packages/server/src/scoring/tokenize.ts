// Tokenisation shared by every model: lower-casing, URLs/mentions/hashtags/emoji as their own
// tokens, elongation squeezed ("sooooo" -> "soo", flagged), and Khmer, written without spaces
// between words, segmented with Intl.Segmenter (ICU's dictionary-based word breaker).

export type TokKind = 'word' | 'emoji' | 'mention' | 'url' | 'punct';

export interface Tok {
  /** Normalised form used for lookups and features. */
  w: string;
  kind: TokKind;
  /** The word had a run of 3+ identical letters ("sooo baaad"). */
  elong: boolean;
  /** Original handle for mentions (without @), for "tags the brand". */
  handle?: string;
}

const TOKEN_RE =
  /(https?:\/\/\S+|www\.\S+)|@([\p{L}\p{N}_.]+)|#?([\p{L}\p{M}\p{N}\u200c\u200d'’]+)|(\p{Extended_Pictographic})|([.!?;:,።፣፤፥፦፧።។៕]+)/gu;
const KHMER_RE = /[\u1780-\u17ff\u19e0-\u19ff]/;
const ELONG_RE = /(.)\1{2,}/gu;

let khmerSegmenter: Intl.Segmenter | undefined;

/** Khmer words for a run of Khmer text, via ICU's dictionary segmenter (cached instance). */
export function segmentKhmer(run: string): string[] {
  khmerSegmenter ??= new Intl.Segmenter('km', { granularity: 'word' });
  const out: string[] = [];
  for (const s of khmerSegmenter.segment(run)) if (s.isWordLike) out.push(s.segment);
  return out;
}

function pushWord(out: Tok[], raw: string): void {
  let w = raw;
  if (w.charCodeAt(0) === 39 || w.charCodeAt(0) === 0x2019) w = w.replace(/^['’]+/, '');
  if (w.length === 0) return;
  if (w.includes('’')) w = w.replace(/’/g, "'");
  if (w.endsWith("'")) w = w.replace(/'+$/, '');
  let elong = false;
  if (w.length > 2 && ELONG_RE.test(w)) {
    ELONG_RE.lastIndex = 0;
    w = w.replace(ELONG_RE, '$1$1');
    elong = true;
  }
  ELONG_RE.lastIndex = 0;
  out.push({ w, kind: 'word', elong });
}

export function tokenize(text: string): Tok[] {
  const out: Tok[] = [];
  const lower = text.toLowerCase();
  TOKEN_RE.lastIndex = 0;
  for (let m = TOKEN_RE.exec(lower); m !== null; m = TOKEN_RE.exec(lower)) {
    if (m[1] !== undefined) out.push({ w: '<url>', kind: 'url', elong: false });
    else if (m[2] !== undefined) out.push({ w: '@user', kind: 'mention', elong: false, handle: m[2].replace(/\.+$/, '') });
    else if (m[3] !== undefined) {
      const word = m[3];
      if (KHMER_RE.test(word)) {
        for (const k of segmentKhmer(word)) pushWord(out, k);
      } else pushWord(out, word);
    } else if (m[4] !== undefined) out.push({ w: m[4], kind: 'emoji', elong: false });
    else if (m[5] !== undefined) out.push({ w: m[5].includes('!') ? '!' : m[5].includes('?') ? '?' : '.', kind: 'punct', elong: false });
  }
  return out;
}

/** The word with every run of repeated letters squeezed to one ("goood" -> "god" is wrong, so only tried as a fallback). */
export function squeeze(w: string): string {
  return w.replace(/(.)\1+/gu, '$1');
}
