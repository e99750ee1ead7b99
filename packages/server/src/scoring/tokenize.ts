// Tokenisation shared by every model: lower-casing, URLs/mentions/hashtags/emoji as their own
// tokens, elongation squeezed ("sooooo" -> "soo", flagged), and Khmer, written without spaces
// between words, segmented with Intl.Segmenter (ICU's dictionary-based word breaker).

import { H2_BASIS, H2_MUL, NUM_BIT, ROW32, SLOTS, WORD_BASIS, WORD_PRIME, WORDS, wordAt, wordSlot, wordSlotAt } from './words.ts';

export type TokKind = 'word' | 'emoji' | 'mention' | 'url' | 'punct';

export interface Tok {
  /** Normalised form used for lookups and features. */
  w: string;
  kind: TokKind;
  /** The word had a run of 3+ identical letters ("sooo baaad"). */
  elong: boolean;
  /** Original handle for mentions (without @), for "tags the brand". */
  handle: string | undefined;
  /** fnv1a(w) with the word basis (features.wordHash) as a signed int32: every use of it goes through
   * int32 arithmetic, and a signed value stays a small integer for V8 (an unsigned one above 2^31
   * would be a boxed heap number) */
  hw: number;
  /** all ASCII digits */
  num: boolean;
  /** the word's row in the word table (facts, models' memo) and its dense id (words.ts), valid while
   * WORDS.gen === gen (the table is emptied when full) */
  slot: number;
  id: number;
  gen: number;
}

/** The token of the word in table row `slot`; w is its text (the table's shared string if not given). */
function tokAt(slot: number, kind: TokKind, elong: boolean, handle: string | undefined, w?: string): Tok {
  const o = slot * ROW32;
  const meta = SLOTS[o + 2]!;
  const id = (meta & (NUM_BIT - 1)) - 1;
  return { w: w ?? wordAt(slot), kind, elong, handle, hw: SLOTS[o]!, num: (meta & NUM_BIT) !== 0, slot, id, gen: WORDS.gen };
}

function tok(w: string, kind: TokKind, elong: boolean, handle?: string): Tok {
  return tokAt(wordSlot(w), kind, elong, handle, w);
}

const KHMER_RE = /[\u1780-\u17ff\u19e0-\u19ff]/;

// Character classes for the BMP, computed once: a table lookup per character is several times
// faster than a Unicode-property regex over the whole message.
const C_OTHER = 0, C_WORD = 1, C_PUNCT = 2, C_EMOJI = 3, C_AT = 4, C_HASH = 5, C_SPACE = 6;
const CLASS = new Uint8Array(65536);
{
  const word = /[\p{L}\p{M}\p{N}_'\u2019\u200c\u200d]/u;
  const emoji = /\p{Extended_Pictographic}/u;
  const punct = /[.!?;:,\u1362-\u1368\u17d4\u17d5]/u;
  for (let c = 0; c < 65536; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    const ch = String.fromCharCode(c);
    CLASS[c] = word.test(ch) ? C_WORD : emoji.test(ch) ? C_EMOJI : punct.test(ch) ? C_PUNCT : /\s/.test(ch) ? C_SPACE : C_OTHER;
  }
  CLASS[0xfe0e] = CLASS[0xfe0f] = C_OTHER; // emoji presentation selectors
  CLASS[64] = C_AT;
  CLASS[35] = C_HASH;
}
// Characters that send a word to the slow path (pushWord: apostrophes and joiners are trimmed or
// rewritten, Khmer is segmented); every other word is hashed while it is scanned.
const SLOW = new Uint8Array(65536);
SLOW[39] = SLOW[0x2019] = SLOW[0x200c] = SLOW[0x200d] = 1;
for (let c = 0x1780; c <= 0x17ff; c++) SLOW[c] = 1;
for (let c = 0x19e0; c <= 0x19ff; c++) SLOW[c] = 1;
const PRIME = WORD_PRIME;
const BASIS = WORD_BASIS;

const astralEmoji = new Map<number, boolean>();
function isAstralEmoji(cp: number): boolean {
  let v = astralEmoji.get(cp);
  if (v === undefined) {
    v = /\p{Extended_Pictographic}/u.test(String.fromCodePoint(cp));
    if (astralEmoji.size < 10000) astralEmoji.set(cp, v);
  }
  return v;
}

let khmerSegmenter: Intl.Segmenter | undefined;

// ICU's dictionary keeps some negated words whole ("មិនល្អ" = not-good); split the negator off so
// negation is handled by one rule for every language.
const KHMER_NEG_PREFIX = ['មិន', 'ពុំ', 'អត់'];

/** Khmer words for a run of Khmer text, via ICU's dictionary segmenter (cached instance). */
export function segmentKhmer(run: string): string[] {
  khmerSegmenter ??= new Intl.Segmenter('km', { granularity: 'word' });
  const out: string[] = [];
  for (const s of khmerSegmenter.segment(run)) {
    if (!s.isWordLike) continue;
    const neg = KHMER_NEG_PREFIX.find((p) => s.segment.length > p.length && s.segment.startsWith(p));
    if (neg) out.push(neg, s.segment.slice(neg.length));
    else out.push(s.segment);
  }
  return out;
}

/** Runs of more than `keep` identical characters cut to `keep` ("sooo" -> "soo" with 2). Words hold
 * no surrogates (astral characters never count as word characters here), so UTF-16 units are whole
 * characters; a loop, as the equivalent /(.)\1{2,}/gu replace showed in profiles. */
function squeezeRuns(w: string, keep: number): string {
  let out = '';
  let from = 0;
  let i = 0;
  while (i < w.length) {
    const c = w.charCodeAt(i);
    let j = i + 1;
    while (j < w.length && w.charCodeAt(j) === c) j++;
    if (j - i > keep) {
      out += w.slice(from, i + keep);
      from = j;
    }
    i = j;
  }
  return from === 0 ? w : out + w.slice(from);
}

function hasRun3(w: string): boolean {
  for (let i = 2; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (c === w.charCodeAt(i - 1) && c === w.charCodeAt(i - 2)) return true;
  }
  return false;
}

function pushWord(out: Tok[], raw: string): void {
  let w = raw;
  // Joiners belong inside Sinhala conjuncts, not at a word's edge (emoji ZWJ sequences).
  if (w.charCodeAt(0) === 0x200d || w.charCodeAt(w.length - 1) === 0x200d) w = w.replace(/^[\u200c\u200d]+|[\u200c\u200d]+$/g, '');
  if (w.length === 0) return;
  if (w.charCodeAt(0) === 39 || w.charCodeAt(0) === 0x2019) w = w.replace(/^['’]+/, '');
  if (w.length === 0) return;
  if (w.includes('’')) w = w.replace(/’/g, "'");
  if (w.endsWith("'")) w = w.replace(/'+$/, '');
  let elong = false;
  if (w.length > 2 && hasRun3(w)) {
    w = squeezeRuns(w, 2);
    elong = true;
  }
  out.push(tok(w, 'word', elong));
}

function isUrlAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c === 104) return s.startsWith('https://', i) || s.startsWith('http://', i);
  return c === 119 && s.startsWith('www.', i);
}

export function tokenize(text: string): Tok[] {
  const out: Tok[] = [];
  const s = text.toLowerCase();
  const L = s.length;
  let i = 0;
  while (i < L) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const cp = s.codePointAt(i)!;
      if (isAstralEmoji(cp)) out.push(tok(String.fromCodePoint(cp), 'emoji', false));
      i += 2;
      continue;
    }
    const k = CLASS[c]!;
    if (k === C_WORD || k === C_HASH) {
      if (k === C_WORD && isUrlAt(s, i)) {
        let j = i;
        while (j < L && CLASS[s.charCodeAt(j)] !== C_SPACE) j++;
        out.push(tok('<url>', 'url', false));
        i = j;
        continue;
      }
      const start = k === C_HASH ? i + 1 : i; // hashtags count as their words
      let j = start;
      // Fast path: hash while scanning (fnv1a, as features.wordHash) and probe the word table with
      // it; a known word allocates nothing but its token.
      let h = BASIS;
      let g = H2_BASIS;
      let slow = 0;
      let p1 = -1;
      let p2 = -2;
      while (j < L) {
        const d = s.charCodeAt(j);
        if (CLASS[d] !== C_WORD) break;
        slow |= SLOW[d]!;
        if (d === p1 && d === p2) slow = 1; // elongation: squeezed by pushWord
        h = Math.imul(h ^ d, PRIME);
        g = Math.imul(g + d, H2_MUL) ^ (g >>> 15);
        p2 = p1;
        p1 = d;
        j++;
      }
      if (j > start && slow === 0) {
        out.push(tokAt(wordSlotAt(s, start, j, h >>> 0, g ^ (j - start)), 'word', false, undefined));
      } else if (j > start) {
        const word = s.slice(start, j);
        if (KHMER_RE.test(word)) for (const w of segmentKhmer(word)) pushWord(out, w);
        else pushWord(out, word);
      }
      i = Math.max(j, i + 1);
    } else if (k === C_AT) {
      let j = i + 1;
      while (j < L && (CLASS[s.charCodeAt(j)] === C_WORD || s.charCodeAt(j) === 46)) j++;
      if (j > i + 1) out.push(tok('@user', 'mention', false, s.slice(i + 1, j).replace(/\.+$/, '')));
      i = j;
    } else if (k === C_PUNCT) {
      let j = i;
      let w = '.';
      while (j < L && CLASS[s.charCodeAt(j)] === C_PUNCT) {
        const d = s.charCodeAt(j);
        if (d === 33) w = '!';
        else if (d === 63 && w !== '!') w = '?';
        j++;
      }
      out.push(tok(w, 'punct', false));
      i = j;
    } else {
      if (k === C_EMOJI) out.push(tok(s[i]!, 'emoji', false));
      i++;
    }
  }
  return out;
}

/** The word with every run of repeated letters squeezed to one ("goood" -> "god" is wrong, so only tried as a fallback). */
export function squeeze(w: string): string {
  // A repeated astral character is two UTF-16 units each: only the regex sees it as one character.
  return /[\ud800-\udfff]/.test(w) ? w.replace(/(.)\1+/gu, '$1') : squeezeRuns(w, 1);
}
