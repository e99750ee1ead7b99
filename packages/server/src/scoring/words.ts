// One record per distinct token text, looked up once (in the tokenizer) and then shared by every
// later step: the word hash used by the feature hashing, whether it is a number (language ID skips
// those), per lexicon its polarity, negator/intensifier flags and complaint cues, and per model the
// memo slot of its unigram + character n-gram partial logits. A token therefore costs one Map lookup
// instead of ~6 Map/Set lookups per lexicon and one memo lookup per model.
// Bounded: when full, every record is dropped (and models forget their slots) — see clearWords().
import { fnv1a } from './hash.ts';

/** Per-lexicon facts about one token text (filled on first use by lexscore.ts). */
export interface LexRec {
  /** polarity of the plain and of the elongated form (NaN until computed) */
  score: number;
  scoreElong: number;
  negator: boolean;
  intensifier: boolean;
  /** cue entries whose first word is this text (checked against the following words) */
  first: unknown[] | undefined;
  /** categories of single-word stem cues and in-word cues, in match order */
  cats: number[];
}

export const MAX_MODELS = 8;

export interface WordRec {
  readonly w: string;
  /** fnv1a(w) with the word basis (features.wordHash) */
  readonly hw: number;
  /** all ASCII digits */
  readonly num: boolean;
  /** memo slot per model id, -1 = not computed */
  readonly slots: Int32Array;
  /** per compiled-lexicon id */
  readonly lex: Array<LexRec | undefined>;
}

const WORD_BASIS = 0x811c9dc5;
export const WORDS_LIMIT = 1 << 17;
const words = new Map<string, WordRec>();
const onClear: Array<() => void> = [];

function isNum(w: string): boolean {
  if (w.length === 0) return false;
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

export function wordRec(w: string): WordRec {
  let r = words.get(w);
  if (r !== undefined) return r;
  if (words.size >= WORDS_LIMIT) clearWords();
  r = { w, hw: fnv1a(w, WORD_BASIS), num: isNum(w), slots: new Int32Array(MAX_MODELS).fill(-1), lex: [] };
  words.set(w, r);
  return r;
}

/** Called when the table is emptied (models reset their slot counters). */
export function onWordsCleared(f: () => void): void {
  onClear.push(f);
}

export function clearWords(): void {
  // Tokens of a message being scored may still hold old records: make their slots invalid too.
  for (const r of words.values()) r.slots.fill(-1);
  words.clear();
  for (const f of onClear) f();
}
