// One record per distinct token text, looked up once (in the tokenizer) and then shared by every
// later step: the word hash used by the feature hashing, whether it is a number (language ID skips
// those), per lexicon its polarity, negator/intensifier flags and complaint cues, and a dense id that
// indexes every model's memo of the word's unigram + character n-gram partial logits. A token
// therefore costs one probe of an open-addressing table keyed by the word hash the tokenizer computes
// while it scans (no substring, no string hashing by the engine) instead of ~6 Map/Set lookups per
// lexicon and one memo lookup per model. Per-lexicon facts live in lexscore.ts, also by record id.
// Bounded: when full, every record is dropped (and models forget their memos) — see clearWords().
import { FNV_PRIME, fnv1a } from './hash.ts';

export interface WordRec {
  readonly w: string;
  /** fnv1a(w) with the word basis (features.wordHash) as a signed int32: every use of it goes through
   * int32 arithmetic, and a signed value stays a small integer for V8 (an unsigned one above 2^31
   * would be a boxed heap number, one more memory read per token) */
  readonly hw: number;
  /** all ASCII digits */
  readonly num: boolean;
  /** dense index (models' memo row); -1 once the record has been dropped by clearWords() */
  id: number;
  /** second hash (the table matches on hw and g) */
  readonly g: number;
  /** packed facts of lexicons 0-5 about this text (lexscore.ts; 0 = not computed yet) */
  i0: number;
  i1: number;
  i2: number;
  i3: number;
  i4: number;
  i5: number;
}

export const WORD_BASIS = 0x811c9dc5;
export const WORD_PRIME = FNV_PRIME;
export const WORDS_LIMIT = 1 << 17;
const TABLE_BITS = 18;
const TMASK = (1 << TABLE_BITS) - 1;
/** open addressing, linear probing, the records themselves (null = empty; load ≤ 1/2). Two independent
 * 32-bit hashes identify a word (a false match among 10^5 words has odds of about 10^-9), so a probe
 * compares two small integers on the record it needs anyway and never reads the string. */
const table: Array<WordRec | null> = new Array<WordRec | null>(1 << TABLE_BITS).fill(null);
/** Second hash, step per UTF-16 unit (the tokenizer inlines it while scanning). */
export const H2_BASIS = 0x3c6ef372;
export const H2_MUL = 0x2c1b3c6d;
let count = 0;
const onClear: Array<() => void> = [];

function isNum(w: string): boolean {
  if (w.length === 0) return false;
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

export function hash2(s: string, start: number, end: number): number {
  let g = H2_BASIS;
  for (let i = start; i < end; i++) g = Math.imul(g + s.charCodeAt(i), H2_MUL) ^ (g >>> 15);
  return g ^ (end - start);
}

/** Record of the text s[start, end), whose word hash (fnv1a, WORD_BASIS, unsigned) is h and hash2 is g. */
export function wordRecAt(s: string, start: number, end: number, h: number, g: number): WordRec {
  const hs = h | 0;
  let i = (h ^ (h >>> 15)) & TMASK;
  for (;;) {
    const r = table[i]!;
    if (r === null) break;
    if (r.hw === hs && r.g === g) return r;
    i = (i + 1) & TMASK;
  }
  if (count >= WORDS_LIMIT) {
    clearWords();
    i = (h ^ (h >>> 15)) & TMASK;
  }
  const w = start === 0 && end === s.length ? s : s.slice(start, end);
  const r: WordRec = { w, hw: hs, num: isNum(w), id: count++, g, i0: 0, i1: 0, i2: 0, i3: 0, i4: 0, i5: 0 };
  table[i] = r;
  return r;
}

export function wordRec(w: string): WordRec {
  return wordRecAt(w, 0, w.length, fnv1a(w, WORD_BASIS), hash2(w, 0, w.length));
}

/** Called when the table is emptied (models drop their memos). */
export function onWordsCleared(f: () => void): void {
  onClear.push(f);
}

export function clearWords(): void {
  // Tokens of a message being scored may still hold old records: mark them dropped.
  for (let i = 0; i < table.length; i++) {
    const r = table[i];
    if (r) r.id = -1;
  }
  table.fill(null);
  count = 0;
  for (const f of onClear) f();
}
