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
  /** fnv1a(w) with the word basis (features.wordHash) */
  readonly hw: number;
  /** all ASCII digits */
  readonly num: boolean;
  /** dense index (models' memo row); -1 once the record has been dropped by clearWords() */
  id: number;
}

export const WORD_BASIS = 0x811c9dc5;
export const WORD_PRIME = FNV_PRIME;
export const WORDS_LIMIT = 1 << 17;
const TABLE_BITS = 18;
const TMASK = (1 << TABLE_BITS) - 1;
/** open addressing, linear probing: [hash, record id] pairs (id -1 = empty), so a probe that does
 * not match never touches a record object */
const table = new Int32Array(2 << TABLE_BITS).fill(-1);
let recs: WordRec[] = [];
const onClear: Array<() => void> = [];

function isNum(w: string): boolean {
  if (w.length === 0) return false;
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Record of the text s[start, end), whose word hash (fnv1a, WORD_BASIS, unsigned) is h. */
export function wordRecAt(s: string, start: number, end: number, h: number): WordRec {
  const len = end - start;
  const hs = h | 0;
  let i = (h ^ (h >>> 15)) & TMASK;
  for (;;) {
    const id = table[2 * i + 1]!;
    if (id < 0) break;
    if (table[2 * i] === hs) {
      const r = recs[id]!;
      const w = r.w;
      if (w.length === len) {
        let k = 0;
        while (k < len && w.charCodeAt(k) === s.charCodeAt(start + k)) k++;
        if (k === len) return r;
      }
    }
    i = (i + 1) & TMASK;
  }
  if (recs.length >= WORDS_LIMIT) {
    clearWords();
    i = (h ^ (h >>> 15)) & TMASK;
  }
  const w = start === 0 && end === s.length ? s : s.slice(start, end);
  const r: WordRec = { w, hw: h, num: isNum(w), id: recs.length };
  recs.push(r);
  table[2 * i] = hs;
  table[2 * i + 1] = r.id;
  return r;
}

export function wordRec(w: string): WordRec {
  return wordRecAt(w, 0, w.length, fnv1a(w, WORD_BASIS));
}

/** Called when the table is emptied (models drop their memos). */
export function onWordsCleared(f: () => void): void {
  onClear.push(f);
}

export function clearWords(): void {
  // Tokens of a message being scored may still hold old records: mark them dropped.
  for (const r of recs) r.id = -1;
  recs = [];
  table.fill(-1);
  for (const f of onClear) f();
}
