// A logistic model over TF-IDF vectors, for English complaints: word uni- and bigrams of the shared
// tokens (tokenize.ts) in one block, character 2-5-grams inside " word " in another, each value
// (1 + ln tf) * idf and each block scaled to unit length (as scikit-learn's TfidfVectorizer with
// sublinear_tf makes them), plus a few dense signals. Against the NB-weighted SGD model over the
// same kinds of n-grams this moved English complaint F1 from 0.737 to ~0.77 on the validation split
// (README): unit-length blocks make long and short tweets comparable, and the idf down-weights what
// every tweet to a support account says.
//
// The character block is summed word by word: tf is counted inside a word, and the block's length is
// sqrt of the sum of the words' squared lengths. That differs from one vector over the whole text only
// where two words share an n-gram, and it makes a word's share (x . w, |x|^2) depend on the word
// alone, so it is computed once per distinct word and kept by its word id (words.ts): a known
// word costs two array reads, not ~15 table reads. Training (train/tfidf-train.ts) uses the same code.
import fs from 'node:fs';
import { decodeBuckets } from './buckets.ts';
import { fnv1a, mix, FNV_PRIME } from './hash.ts';
import type { Tok } from './tokenize.ts';
import { WORDS, WORDS_LIMIT, onWordsCleared } from './words.ts';

export interface TfidfBlockFile {
  /** log2 of the number of buckets */
  bits: number;
  /** base64: bucket numbers with an idf (ascending), as LEB128 varint deltas */
  buckets: string;
  /** base64: uint16 idf * idfScale per bucket */
  idf: string;
  idfScale: number;
  /** base64: int16 weight * wScale per bucket */
  w: string;
  wScale: number;
}

export interface TfidfFile {
  kind: 'tfidf';
  name: string;
  words: TfidfBlockFile;
  chars: TfidfBlockFile;
  /** dense signals (signals.ts) the caller passes, with their weights: used as they are, not normalised */
  denseNames: string[];
  dense: number[];
  bias: number;
  /** decision offset tuned out-of-fold, added to the logit */
  adjust: number;
  meta?: Record<string, unknown>;
}

const CHAR_MIN = 2;
const CHAR_MAX = 5;
const CHAR_SEED = 0x7feb352d;
const HANDLE_SEED = 0x68e31da4;
const NUMBER = fnv1a('<number>', HANDLE_SEED) | 0;

export interface FeatureSink {
  add(id: number): void;
}

/**
 * The handle a mention token stands for ("@hulu_support"): which account a tweet is sent to says a
 * lot (support accounts get complaints), and the shared tokens keep only "@user".
 */
export function handleOf(t: Tok): string | undefined {
  const h = handleKey(t);
  return h === undefined ? undefined : `@${h}`;
}

/** A mention token's handle without its "@" (the tokenizer lower-cases the text first), else undefined. */
function handleKey(t: Tok): string | undefined {
  return t.kind === 'mention' && t.handle ? t.handle : undefined;
}

/**
 * Word unigram (unigramOf) and bigram ids of a message's tokens, punctuation
 * included. `unigram` gives a token's unigram id (inference passes a cached unigramOf).
 */
export function wordFeatures(tokens: Tok[], sink: FeatureSink, unigram: (t: Tok) => number = unigramOf): void {
  let prev = 0;
  for (let i = 0; i < tokens.length; i++) {
    const h = unigram(tokens[i]!);
    sink.add(h);
    if (i > 0) sink.add(mix(prev, h));
    prev = h;
  }
}

/**
 * A token's word id: a mention's handle, one id for every number (like "0" in charFeatures), else the
 * word hash. `handleId` gives a handle's id (inference passes its cache of handleHash).
 */
export function unigramOf(t: Tok, handleId: (handle: string) => number = handleHash): number {
  const h = handleKey(t);
  return h !== undefined ? handleId(h) : t.num ? NUMBER : t.hw;
}

/** The unigram id of a handle (without its "@"). */
export function handleHash(handle: string): number {
  return fnv1a(`@${handle}`, HANDLE_SEED) | 0;
}

/**
 * Character n-grams (CHAR_MIN..CHAR_MAX) of " word "; orders longer than the padded word give nothing.
 * Every ASCII digit counts as "0": order numbers, prices and timestamps are different in every
 * message, and their digits said nothing but noise (an unseen 13-digit number moved a complaint's
 * score by ±0.06 across the decision threshold).
 */
export function charFeatures(w: string, sink: FeatureSink): void {
  const len = w.length + 2;
  for (let s = 0; s < len - 1; s++) {
    let h = CHAR_SEED;
    const top = Math.min(CHAR_MAX, len - s);
    for (let n = 1; n <= top; n++) {
      const p = s + n - 1;
      let c = p === 0 || p === len - 1 ? 32 : w.charCodeAt(p - 1);
      if (c >= 49 && c <= 57) c = 48;
      h = Math.imul(h ^ c, FNV_PRIME);
      if (n >= CHAR_MIN) sink.add(h ^ n);
    }
  }
}

/**
 * Counts the features of one text: distinct buckets in order of first sight, with their counts. A
 * slot of the stamp table belongs to the current text only while its stamp is the current one, so
 * nothing is cleared between texts.
 */
export class Counter implements FeatureSink {
  private readonly stamp: Int32Array;
  private readonly slot: Int32Array;
  private gen = 1;
  buckets = new Int32Array(64);
  counts = new Int32Array(64);
  size = 0;

  constructor(readonly mask: number) {
    this.stamp = new Int32Array(mask + 1);
    this.slot = new Int32Array(mask + 1);
  }

  reset(): void {
    this.size = 0;
    if (++this.gen === 0x7fffffff) {
      this.stamp.fill(0);
      this.gen = 1;
    }
  }

  add(id: number): void {
    const b = id & this.mask;
    if (this.stamp[b] === this.gen) {
      this.counts[this.slot[b]!]!++;
      return;
    }
    if (this.size === this.buckets.length) {
      const nb = new Int32Array(this.size * 2);
      nb.set(this.buckets);
      this.buckets = nb;
      const nc = new Int32Array(this.size * 2);
      nc.set(this.counts);
      this.counts = nc;
    }
    this.stamp[b] = this.gen;
    this.slot[b] = this.size;
    this.buckets[this.size] = b;
    this.counts[this.size++] = 1;
  }

  /** How often bucket `id & mask` was added since reset(). */
  countOf(id: number): number {
    const b = id & this.mask;
    return this.stamp[b] === this.gen ? this.counts[this.slot[b]!]! : 0;
  }
}

/** (1 + ln tf) for tf = 0..15, the rest computed. */
const SUBLINEAR = Float64Array.from({ length: 16 }, (_, tf) => (tf === 0 ? 0 : 1 + Math.log(tf)));
export function sublinear(tf: number): number {
  return tf < 16 ? SUBLINEAR[tf]! : 1 + Math.log(tf);
}

class Block {
  /** idf and weight * idf of bucket b at 2b and 2b + 1: one cache line per lookup */
  private readonly t: Float32Array;
  readonly counter: Counter;

  constructor(f: TfidfBlockFile) {
    const size = 1 << f.bits;
    this.t = new Float32Array(size * 2);
    this.counter = new Counter(size - 1);
    const idf = Buffer.from(f.idf, 'base64');
    const w = Buffer.from(f.w, 'base64');
    decodeBuckets(f.buckets).forEach((b, i) => {
      const v = idf.readUInt16LE(i * 2) / f.idfScale;
      this.t[2 * b] = v;
      this.t[2 * b + 1] = v * (w.readInt16LE(i * 2) / f.wScale);
    });
  }

  /** x . w and |x|^2 of the counted features into out[0], out[1]. */
  sums(c: Counter, out: Float64Array): void {
    let dot = 0;
    let ss = 0;
    const t = this.t;
    for (let i = 0; i < c.size; i++) {
      const b = c.buckets[i]! * 2;
      const v = t[b]!;
      if (v === 0) continue;
      const tf = sublinear(c.counts[i]!);
      const x = tf * v;
      ss += x * x;
      dot += tf * t[b + 1]!;
    }
    out[0] = dot;
    out[1] = ss;
  }

  /** The weight of bucket `id`'s features in the counted text, all occurrences together (explanations). */
  weightOf(c: Counter, id: number): number {
    return sublinear(c.countOf(id)) * this.t[2 * (id & c.mask) + 1]!;
  }
}

/** What the model keeps about a handle: [unigram id, x . w, |x|^2 of its character n-grams]. */
type HandleInfo = Float64Array;

export class TfidfLogistic {
  readonly name: string;
  readonly meta: Record<string, unknown>;
  readonly denseNames: string[];
  private readonly words: Block;
  private readonly chars: Block;
  private readonly bias: number;
  private readonly dense: Float64Array;
  /** by word id: [x . w, |x|^2] of the word's character n-grams (NaN: not computed yet) */
  private memo: Float64Array | undefined;
  private readonly cs = new Float64Array(2);
  /** by handle (handles share the "@user" word, so they are kept here) */
  private readonly handles = new Map<string, HandleInfo>();
  private readonly handleId = (h: string): number => this.handle(h)[0]!;
  private readonly unigram = (t: Tok): number => unigramOf(t, this.handleId);
  /** The last text logit() scored, for topWords(): its tokens, block sums and each token's character x . w. */
  private last: Tok[] | undefined;
  private readonly lastWords = new Float64Array(2);
  private lastCharSS = 0;
  private dots = new Float64Array(64);

  constructor(f: TfidfFile) {
    if (f.kind !== 'tfidf') throw new Error(`model ${f.name}: unknown format ${String(f.kind)} (run npm run train:scoring)`);
    this.name = f.name;
    this.meta = f.meta ?? {};
    this.words = new Block(f.words);
    this.chars = new Block(f.chars);
    this.bias = f.bias + f.adjust;
    this.denseNames = f.denseNames;
    this.dense = Float64Array.from(f.dense);
    onWordsCleared(() => {
      this.memo?.fill(NaN);
      this.handles.clear();
      this.last = undefined;
    });
  }

  static load(url: URL): TfidfLogistic {
    return new TfidfLogistic(JSON.parse(fs.readFileSync(url, 'utf8')) as TfidfFile);
  }

  private handle(h: string): HandleInfo {
    let r = this.handles.get(h);
    if (r === undefined) {
      const c = this.chars.counter;
      c.reset();
      charFeatures(`@${h}`, c);
      this.chars.sums(c, this.cs);
      if (this.handles.size >= WORDS_LIMIT) this.handles.clear();
      this.handles.set(h, (r = Float64Array.of(handleHash(h), this.cs[0]!, this.cs[1]!)));
    }
    return r;
  }

  /** The character block's [x . w, |x|^2] for a token (valid until the next call). */
  private charSums(t: Tok): Float64Array {
    const out = this.cs;
    const h = handleKey(t);
    if (h !== undefined) {
      const r = this.handle(h);
      out[0] = r[1]!;
      out[1] = r[2]!;
      return out;
    }
    const id = t.gen === WORDS.gen ? t.id : -1;
    const memo = (this.memo ??= new Float64Array(WORDS_LIMIT * 2).fill(NaN));
    if (id >= 0 && memo[id * 2] === memo[id * 2]) {
      out[0] = memo[id * 2]!;
      out[1] = memo[id * 2 + 1]!;
      return out;
    }
    const c = this.chars.counter;
    c.reset();
    charFeatures(t.w, c);
    this.chars.sums(c, out);
    if (id >= 0) {
      memo[id * 2] = out[0]!;
      memo[id * 2 + 1] = out[1]!;
    }
    return out;
  }

  /** The weight of dense signal `j` (training's scale folded in). */
  denseWeight(j: number): number {
    return this.dense[j] ?? 0;
  }

  /** Log-odds of the positive class (complaint), decision offset included; `dense` in the order of denseNames. */
  logit(tokens: Tok[], dense: ArrayLike<number>): number {
    const c = this.words.counter;
    c.reset();
    wordFeatures(tokens, c, this.unigram);
    const ws = this.lastWords;
    this.words.sums(c, ws);
    let z = this.bias + (ws[1]! > 0 ? ws[0]! / Math.sqrt(ws[1]!) : 0);
    if (this.dots.length < tokens.length) this.dots = new Float64Array(tokens.length * 2);
    const dots = this.dots;
    let dot = 0;
    let ss = 0;
    for (let i = 0; i < tokens.length; i++) {
      const r = this.charSums(tokens[i]!);
      dots[i] = r[0]!;
      dot += r[0]!;
      ss += r[1]!;
    }
    if (ss > 0) z += dot / Math.sqrt(ss);
    for (let j = 0; j < this.dense.length; j++) z += this.dense[j]! * dense[j]!;
    this.last = tokens;
    this.lastCharSS = ss;
    return z;
  }

  /**
   * The words that pushed the logit up most (at most `max`, strongest first, each above `min`): a
   * word's unigram, half of each bigram it is in, and its character n-grams. Reads what logit() left
   * when it scored these same tokens last (it scores them first otherwise).
   */
  topWords(tokens: Tok[], max: number, min: number): string[] {
    if (this.last !== tokens) this.logit(tokens, new Float64Array(this.dense.length));
    const wNorm = Math.sqrt(this.lastWords[1]!);
    const cNorm = Math.sqrt(this.lastCharSS);
    const hs = tokens.map(this.unigram);
    const c = this.words.counter;
    const ranked: Array<[string, number]> = [];
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (t.kind === 'punct') continue;
      const h = hs[i]!;
      // A unigram's weight covers all its occurrences; a repeated word is ranked once anyway.
      let v = this.words.weightOf(c, h);
      if (i > 0) v += this.words.weightOf(c, mix(hs[i - 1]!, h)) / 2;
      if (i + 1 < tokens.length) v += this.words.weightOf(c, mix(h, hs[i + 1]!)) / 2;
      v = (wNorm > 0 ? v / wNorm : 0) + (cNorm > 0 ? this.dots[i]! / cNorm : 0);
      const w = handleOf(t) ?? t.w;
      if (v > min && !ranked.some(([x]) => x === w)) ranked.push([w, v]);
    }
    ranked.sort((x, y) => y[1] - x[1]);
    return ranked.slice(0, max).map(([w]) => w);
  }
}
