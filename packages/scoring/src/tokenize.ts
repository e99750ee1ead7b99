// Tokenisation shared by every model: lower-casing, URLs/mentions/hashtags/emoji as their own
// tokens, elongation squeezed ("sooooo" -> "soo", flagged), and Khmer, written without spaces
// between words, segmented with Intl.Segmenter (ICU's dictionary-based word breaker). The same scan
// counts the letters of each script for language identification (script.ts).

import { countScriptsInto, SCRIPT_TABLE, type ScriptCounter } from './script.ts';
import { H2_BASIS, H2_MUL, hash2, NUM_BIT, ROW32, SLOTS, WORD_BASIS, WORD_PRIME, WORDS, wordAt, wordSlot, wordSlotAt } from './words.ts';

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
const PICTOGRAPHIC = /\p{Extended_Pictographic}/u;
const CLASS = new Uint8Array(65536);
{
  const word = /[\p{L}\p{M}\p{N}_'\u2019\u200c\u200d]/u;
  const punct = /[.!?;:,\u1362-\u1368\u17d4\u17d5]/u;
  for (let c = 0; c < 65536; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    const ch = String.fromCharCode(c);
    CLASS[c] = word.test(ch) ? C_WORD : PICTOGRAPHIC.test(ch) ? C_EMOJI : punct.test(ch) ? C_PUNCT : /\s/.test(ch) ? C_SPACE : C_OTHER;
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
/**
 * Everything the scan needs about a UTF-16 unit, in one read: bits 0-15 its lower case, 16-18 its
 * script (SCRIPT_TABLE, of the character as written), 20-22 the class and 23 SLOW of its lower case,
 * 24 SPECIAL. Lower-casing as the scan goes, rather than `text.toLowerCase()` first, and counting
 * scripts in the same pass, rather than in a pass of their own, were ~9 % of all scoring time in
 * profiles with every word known. SPECIAL: the two characters whose lower case is not one
 * context-free unit (İ -> "i̇"; Σ -> σ or, at a word's end, ς): a message with one is lower-cased
 * whole and scanned again, so the tokens are exactly those of the lower-cased text.
 */
const CH = new Uint32Array(65536);
const LOW = 0xffff, SPECIAL = 1 << 24, SLOW_BIT = 1 << 23;
for (let c = 0; c < 65536; c++) {
  const l = c >= 0xd800 && c <= 0xdfff ? '' : String.fromCharCode(c).toLowerCase();
  const special = l.length > 1 || c === 0x3a3;
  const d = l.length === 1 ? l.charCodeAt(0) : c;
  CH[c] = d | (SCRIPT_TABLE[c]! << 16) | (CLASS[d]! << 20) | (SLOW[d]! ? SLOW_BIT : 0) | (special ? SPECIAL : 0);
}
const classOf = (x: number): number => (x >>> 20) & 7;
const PRIME = WORD_PRIME;
const BASIS = WORD_BASIS;

/** Extended_Pictographic for astral characters: U+1F000-1FFFF (where the emoji are) as a bitmap
 * built at load, the others looked up once each. */
const EMOJI_BLOCK = new Int32Array(0x1000 >>> 5);
for (let c = 0; c < 0x1000; c++) if (PICTOGRAPHIC.test(String.fromCodePoint(0x1f000 + c))) EMOJI_BLOCK[c >>> 5]! |= 1 << (c & 31);
const astralEmoji = new Map<number, boolean>();
function isAstralEmoji(cp: number): boolean {
  const c = cp - 0x1f000;
  if (c >= 0 && c < 0x1000) return (EMOJI_BLOCK[c >>> 5]! & (1 << (c & 31))) !== 0;
  let v = astralEmoji.get(cp);
  if (v === undefined) {
    v = PICTOGRAPHIC.test(String.fromCodePoint(cp));
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

/** s (as written) has the lower-case text `lit` at i. */
function hasLowerAt(s: string, i: number, lit: string): boolean {
  if (i + lit.length > s.length) return false;
  for (let k = 0; k < lit.length; k++) if ((CH[s.charCodeAt(i + k)]! & LOW) !== lit.charCodeAt(k)) return false;
  return true;
}

function isUrlAt(s: string, i: number): boolean {
  const c = CH[s.charCodeAt(i)]! & LOW;
  if (c === 104) return hasLowerAt(s, i, 'https://') || hasLowerAt(s, i, 'http://');
  return c === 119 && hasLowerAt(s, i, 'www.');
}

const noCounter: ScriptCounter = new Int32Array(8);

/**
 * The tokens of a message. `scripts`, if given, is zeroed and receives the letters of each script in
 * the text (script.ts: dominantOf), counted in the same scan.
 */
export function tokenize(text: string, scripts?: ScriptCounter): Tok[] {
  const cnt = scripts ?? noCounter;
  cnt.fill(0);
  const out = scan(text, cnt);
  if (out !== null) return out;
  // İ or Σ: scan the lower-cased text, count the scripts of the text as written.
  countScriptsInto(text, cnt);
  return scan(text.toLowerCase(), noCounter)!;
}

/** tokenize() of s read as lower-cased; null if s holds a SPECIAL character. */
function scan(s: string, cnt: ScriptCounter): Tok[] | null {
  const out: Tok[] = [];
  const L = s.length;
  let i = 0;
  while (i < L) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const cp = s.codePointAt(i)!;
      if (isAstralEmoji(cp)) {
        // Hashed from the text, as a word: a known emoji allocates no string (the pair is its text).
        const lo = s.charCodeAt(i + 1);
        const h = Math.imul(Math.imul(BASIS ^ c, PRIME) ^ lo, PRIME);
        out.push(tokAt(wordSlotAt(s, i, i + 2, h >>> 0, hash2(s, i, i + 2)), 'emoji', false, undefined));
      }
      if (i + 1 < L) {
        // An unpaired surrogate skips the unit after it, as in the lower-cased text: İ is two there.
        const x = CH[s.charCodeAt(i + 1)]!;
        if ((x & SPECIAL) !== 0) return null;
        cnt[(x >>> 16) & 7]!++;
      }
      i += 2;
      continue;
    }
    const x0 = CH[c]!;
    const k = classOf(x0);
    if (k === C_WORD || k === C_HASH) {
      if (k === C_WORD && isUrlAt(s, i)) {
        let j = i;
        for (; j < L; j++) {
          const x = CH[s.charCodeAt(j)]!;
          if (classOf(x) === C_SPACE) break;
          if ((x & SPECIAL) !== 0) return null;
          cnt[(x >>> 16) & 7]!++;
        }
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
      let up = 0;
      let p1 = -1;
      let p2 = -2;
      while (j < L) {
        const o = s.charCodeAt(j);
        const x = CH[o]!;
        if (classOf(x) !== C_WORD) break;
        if ((x & SPECIAL) !== 0) return null;
        cnt[(x >>> 16) & 7]!++;
        const d = x & LOW;
        up |= d ^ o;
        if ((x & SLOW_BIT) !== 0) slow = 1;
        if (d === p1 && d === p2) slow = 1; // elongation: squeezed by pushWord
        h = Math.imul(h ^ d, PRIME);
        g = Math.imul(g + d, H2_MUL) ^ (g >>> 15);
        p2 = p1;
        p1 = d;
        j++;
      }
      if (j > start && slow === 0) {
        out.push(tokAt(wordSlotAt(s, start, j, h >>> 0, g ^ (j - start), up !== 0), 'word', false, undefined));
      } else if (j > start) {
        const word = up !== 0 ? s.slice(start, j).toLowerCase() : s.slice(start, j);
        if (KHMER_RE.test(word)) for (const w of segmentKhmer(word)) pushWord(out, w);
        else pushWord(out, word);
      }
      if (k === C_HASH) cnt[(x0 >>> 16) & 7]!++;
      i = Math.max(j, i + 1);
    } else if (k === C_AT) {
      cnt[(x0 >>> 16) & 7]!++;
      let j = i + 1;
      let up = 0;
      for (; j < L; j++) {
        const o = s.charCodeAt(j);
        const x = CH[o]!;
        if (classOf(x) !== C_WORD && o !== 46) break;
        if ((x & SPECIAL) !== 0) return null;
        cnt[(x >>> 16) & 7]!++;
        up |= (x & LOW) ^ o;
      }
      if (j > i + 1) {
        const handle = s.slice(i + 1, j);
        out.push(tok('@user', 'mention', false, (up !== 0 ? handle.toLowerCase() : handle).replace(/\.+$/, '')));
      }
      i = j;
    } else if (k === C_PUNCT) {
      let j = i;
      let w = '.';
      for (; j < L; j++) {
        const x = CH[s.charCodeAt(j)]!;
        if (classOf(x) !== C_PUNCT) break;
        cnt[(x >>> 16) & 7]!++;
        const d = x & LOW;
        if (d === 33) w = '!';
        else if (d === 63 && w !== '!') w = '?';
      }
      out.push(tok(w, 'punct', false));
      i = j;
    } else {
      cnt[(x0 >>> 16) & 7]!++;
      if (k === C_EMOJI) out.push(tok(String.fromCharCode(x0 & LOW), 'emoji', false));
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
