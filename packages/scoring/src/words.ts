// One entry per distinct token text, looked up once (in the tokenizer) and then shared by every
// later step through the token: the word hash used by the feature hashing, whether it is a number
// (language ID skips those), a dense id (the English model's memo and rarely used lexicons' facts are
// arrays by id), up to four lexicons' packed facts (polarity, negator/intensifier flags, complaint
// cues; lexscore.ts) and every other model's memo of the word's unigram + character n-gram partial
// logits (linear.ts). The table is one buffer of 64-byte rows, one cache line per word, so a known
// token costs one probe that reads one line: no record object behind a pointer and no memo array by
// id (each was a cache miss per token that had to wait for the one before: ~14-21 % of all scoring
// time in profiles), no substring, no string hashing by the engine. Bounded: when full, everything is
// dropped (models' memos with it) — see clearWords().
import { FNV_PRIME, fnv1a } from './hash.ts';

export const WORD_BASIS = 0x811c9dc5;
export const WORD_PRIME = FNV_PRIME;
export const WORDS_LIMIT = 1 << 17;
const TABLE_BITS = 18;
const TMASK = (1 << TABLE_BITS) - 1;
/**
 * Open addressing, linear probing, load ≤ 1/2. Row i, as int32: [hash, hash2, 1 + id (+ 2^30 if a
 * number), facts], 0 in the third column = empty; then, as int16 (MEMO16), the models' memo columns.
 * Two independent 32-bit hashes identify a word (a false match among 10^5 words has odds of about
 * 10^-9), so a probe compares two integers and never reads a string. 16 MB, touched only where words are.
 */
const ROW32 = 16;
export const SLOTS = new Int32Array((1 << TABLE_BITS) * ROW32);
/** The same rows as int16: ROW16 per row, the memo in columns [MEMO_AT, MEMO_AT + MEMO_ROOM)
 * (int32 columns 4-12: 18 int16: language ID's region and two that the sentiment models share, linear.ts). */
export const MEMO16 = new Int16Array(SLOTS.buffer);
export const ROW16 = ROW32 * 2;
export const MEMO_AT = 8;
export const MEMO_ROOM = 18;
/** Columns of a row holding up to four lexicons' packed facts about the word, each tagged with its
 * lexicon (lexscore.ts), 0 = free: a word is read by few lexicons (its language's, and English for
 * punctuation, emoji and English words in other languages' messages). */
export const FACTS_COLS = [3, 13, 14, 15] as const;
/** The row of table row `slot` starts at SLOTS[slot * ROW32]. */
export { ROW32 };
/** Set in a row's id column when the word is all ASCII digits. */
export const NUM_BIT = 1 << 30;
/** The word of each row (the token's text is this shared string: no copy per token). By row, not by
 * id: its address is known from the hash, so the CPU loads it alongside the row instead of after it. */
const strings: string[] = new Array<string>(1 << TABLE_BITS).fill('');
/** Second hash, step per UTF-16 unit (the tokenizer inlines it while scanning). */
export const H2_BASIS = 0x3c6ef372;
export const H2_MUL = 0x2c1b3c6d;
let count = 0;
/**
 * Bumped by clearWords(). A token keeps the generation it was made in: ids and slots of an older one
 * belong to other words now, so consumers use them only while `WORDS.gen` still equals the token's.
 * (An object, not an exported `let`: a loader compiling to CommonJS turns every read of an imported
 * binding into a getter call.)
 */
export const WORDS = { gen: 0 };
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

/** Row (SLOTS[row * ROW32...]) of the text s[start, end) (lower-cased first if `lower`: the tokenizer
 * reads the message as written), whose word hash (fnv1a, WORD_BASIS, unsigned) is h and hash2 is g. */
export function wordSlotAt(s: string, start: number, end: number, h: number, g: number, lower = false): number {
  const hs = h | 0;
  const T = SLOTS;
  let i = (h ^ (h >>> 15)) & TMASK;
  for (;;) {
    const o = i * ROW32;
    if (T[o + 2] === 0) break;
    if (T[o] === hs && T[o + 1] === g) return i;
    i = (i + 1) & TMASK;
  }
  if (count >= WORDS_LIMIT) {
    clearWords();
    i = (h ^ (h >>> 15)) & TMASK;
  }
  const sub = start === 0 && end === s.length ? s : s.slice(start, end);
  const w = lower ? sub.toLowerCase() : sub;
  const o = i * ROW32;
  T[o] = hs;
  T[o + 1] = g;
  T[o + 2] = 1 + count + (isNum(w) ? NUM_BIT : 0);
  strings[i] = w;
  count++;
  return i;
}

export function wordSlot(w: string): number {
  return wordSlotAt(w, 0, w.length, fnv1a(w, WORD_BASIS), hash2(w, 0, w.length));
}

/** The shared string of a row. */
export function wordAt(slot: number): string {
  return strings[slot]!;
}

/** Called when the table is emptied (models drop their memos). */
export function onWordsCleared(f: () => void): void {
  onClear.push(f);
}

export function clearWords(): void {
  SLOTS.fill(0);
  strings.fill('');
  count = 0;
  WORDS.gen++;
  for (const f of onClear) f();
}
