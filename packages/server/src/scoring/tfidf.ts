// A logistic model over TF-IDF vectors, for English complaints: word uni- and bigrams in one block,
// character 2-5-grams inside " word " in another, each value (1 + ln tf) * idf and each block scaled to
// unit length, as scikit-learn's TfidfVectorizer(sublinear_tf=True) makes them. Against the NB-weighted
// SGD model over the same kinds of n-grams this moved English complaint F1 from 0.737 to ~0.76 on the
// validation split (README): the unit-length blocks make long and short tweets comparable, and
// the idf down-weights what every tweet to a support account says.
// Features are hashed into a fixed table per block; training (train/tfidf-train.ts) uses the same code.
import fs from 'node:fs';
import { fnv1a, mix, FNV_PRIME } from './hash.ts';

export interface TfidfBlockFile {
  /** log2 of the number of buckets */
  bits: number;
  /** base64: bucket numbers with an idf (ascending), as LEB128 varint deltas */
  buckets: string;
  /** base64: uint16 idf * idfScale per bucket */
  idf: string;
  idfScale: number;
  /** base64: int16 weight / wScale per bucket */
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

export const CHAR_MIN = 2;
export const CHAR_MAX = 5;
const WORD_SEED = 0x1b873593;
const CHAR_SEED = 0x7feb352d;
// scikit-learn's default token pattern (\b\w+\b), plus "!" and "?" as words of their own.
const WORD = /[\p{L}\p{N}\p{M}_]+|[!?]/gu;

/** One block's features of a text: distinct buckets and their counts, valid until the next call on that table. */
export interface Counted {
  n: number;
  buckets: Int32Array;
  counts: Int32Array;
}

/**
 * Counts hashed features into a fixed table without clearing it between texts: a slot's count is
 * valid only while its stamp is the current text's.
 */
export class CountTable implements FeatureSink {
  private readonly stamp: Int32Array;
  private readonly count: Int32Array;
  private gen = 0;
  readonly mask: number;
  out: Counted = { n: 0, buckets: new Int32Array(256), counts: new Int32Array(256) };

  constructor(bits: number) {
    this.mask = (1 << bits) - 1;
    this.stamp = new Int32Array(this.mask + 1);
    this.count = new Int32Array(this.mask + 1);
  }

  begin(): void {
    if (++this.gen === 0x7fffffff) {
      this.stamp.fill(0);
      this.gen = 1;
    }
    this.out.n = 0;
  }

  add(id: number): void {
    const b = id & this.mask;
    if (this.stamp[b] !== this.gen) {
      this.stamp[b] = this.gen;
      this.count[b] = 1;
      const o = this.out;
      if (o.n === o.buckets.length) {
        const nb = new Int32Array(o.n * 2);
        nb.set(o.buckets);
        o.buckets = nb;
      }
      o.buckets[o.n++] = b;
    } else this.count[b]!++;
  }

  /** Fills `out.counts` for the distinct buckets seen since begin(). */
  finish(): Counted {
    const o = this.out;
    if (o.counts.length < o.n) o.counts = new Int32Array(o.buckets.length);
    for (let i = 0; i < o.n; i++) o.counts[i] = this.count[o.buckets[i]!]!;
    return o;
  }
}

/** The words the model sees: lower-cased, scikit-learn's \w+ runs plus "!" and "?". */
export function tfidfWords(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}

export interface FeatureSink {
  add(id: number): void;
}

/** Word unigram and bigram ids of a text into `table`. */
export function wordFeatures(words: string[], table: FeatureSink): void {
  let prev = 0;
  for (let i = 0; i < words.length; i++) {
    const h = fnv1a(words[i]!, WORD_SEED);
    table.add(h);
    if (i > 0) table.add(mix(prev, h));
    prev = h;
  }
}

/**
 * Character n-grams (CHAR_MIN..CHAR_MAX) of each white-space separated piece, padded " piece ",
 * as scikit-learn's analyzer="char_wb": a piece shorter than an order gives that order nothing.
 */
export function charFeatures(lower: string, table: FeatureSink): void {
  const L = lower.length;
  let i = 0;
  while (i < L) {
    while (i < L && isSpace(lower.charCodeAt(i))) i++;
    if (i >= L) break;
    let j = i;
    while (j < L && !isSpace(lower.charCodeAt(j))) j++;
    // Padded piece = " " + lower[i..j) + " "; positions p in [-1, j - i], -1 and j - i being the spaces.
    const len = j - i + 2;
    for (let s = 0; s < len - 1; s++) {
      let h = CHAR_SEED;
      const top = Math.min(CHAR_MAX, len - s);
      for (let n = 1; n <= top; n++) {
        const p = s + n - 1;
        const c = p === 0 || p === len - 1 ? 32 : lower.charCodeAt(i + p - 1);
        h = Math.imul(h ^ c, FNV_PRIME);
        if (n >= CHAR_MIN) table.add(h ^ n);
      }
    }
    i = j;
  }
}

function isSpace(c: number): boolean {
  // Python's str.split(): ASCII white space and the Unicode separators that occur in tweets.
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x2028 || c === 0x2029 || (c >= 0x2000 && c <= 0x200a) || c === 0x3000 || c === 0x85 || c === 0x1680 || c === 0x202f || c === 0x205f;
}

/** (1 + ln tf) for tf = 0..15, the rest computed. */
const SUBLINEAR = Float64Array.from({ length: 16 }, (_, tf) => (tf === 0 ? 0 : 1 + Math.log(tf)));
export function sublinear(tf: number): number {
  return tf < 16 ? SUBLINEAR[tf]! : 1 + Math.log(tf);
}

class Block {
  readonly idf: Float32Array;
  /** weight * idf, so the dot product reads one table */
  readonly wIdf: Float32Array;
  readonly table: CountTable;

  constructor(f: TfidfBlockFile) {
    const size = 1 << f.bits;
    this.idf = new Float32Array(size);
    this.wIdf = new Float32Array(size);
    this.table = new CountTable(f.bits);
    const idx = Buffer.from(f.buckets, 'base64');
    const idf = Buffer.from(f.idf, 'base64');
    const w = Buffer.from(f.w, 'base64');
    let b = 0;
    let p = 0;
    for (let i = 0; p < idx.length; i++) {
      let d = 0;
      let shift = 0;
      for (;;) {
        const c = idx[p++]!;
        d += (c & 0x7f) * 2 ** shift;
        if (c < 0x80) break;
        shift += 7;
      }
      b += d;
      const v = idf.readUInt16LE(i * 2) / f.idfScale;
      this.idf[b] = v;
      this.wIdf[b] = v * (w.readInt16LE(i * 2) / f.wScale);
    }
  }

  /** This block's share of the logit: (x . w) / |x| over the buckets with an idf. */
  score(c: Counted): number {
    let dot = 0;
    let ss = 0;
    const idf = this.idf;
    const wIdf = this.wIdf;
    for (let i = 0; i < c.n; i++) {
      const b = c.buckets[i]!;
      const v = idf[b]!;
      if (v === 0) continue;
      const tf = sublinear(c.counts[i]!);
      const x = tf * v;
      ss += x * x;
      dot += tf * wIdf[b]!;
    }
    return ss > 0 ? dot / Math.sqrt(ss) : 0;
  }

  /** Weight of one occurrence of a feature in this text (for explanations). */
  contribution(c: Counted, i: number, norm: number): number {
    const b = c.buckets[i]!;
    return (sublinear(c.counts[i]!) * this.wIdf[b]!) / c.counts[i]! / norm;
  }

  norm(c: Counted): number {
    let ss = 0;
    for (let i = 0; i < c.n; i++) {
      const x = sublinear(c.counts[i]!) * this.idf[c.buckets[i]!]!;
      ss += x * x;
    }
    return Math.sqrt(ss);
  }
}

export class TfidfLogistic {
  readonly name: string;
  readonly meta: Record<string, unknown>;
  private readonly words: Block;
  private readonly chars: Block;
  private readonly bias: number;
  private readonly dense: Float64Array;
  readonly denseNames: string[];

  constructor(f: TfidfFile) {
    if (f.kind !== 'tfidf') throw new Error(`model ${f.name}: unknown format ${String(f.kind)} (run npm run train:scoring)`);
    this.name = f.name;
    this.meta = f.meta ?? {};
    this.words = new Block(f.words);
    this.chars = new Block(f.chars);
    this.bias = f.bias + f.adjust;
    this.denseNames = f.denseNames;
    this.dense = Float64Array.from(f.dense);
  }

  static load(url: URL): TfidfLogistic {
    return new TfidfLogistic(JSON.parse(fs.readFileSync(url, 'utf8')) as TfidfFile);
  }

  /** Log-odds of the positive class (complaint), decision offset included; `dense` in the order of denseNames. */
  logit(text: string, dense: ArrayLike<number>): number {
    const lower = text.toLowerCase();
    const wt = this.words.table;
    wt.begin();
    wordFeatures(lower.match(WORD) ?? [], wt);
    const ct = this.chars.table;
    ct.begin();
    charFeatures(lower, ct);
    let z = this.bias + this.words.score(wt.finish()) + this.chars.score(ct.finish());
    for (let j = 0; j < this.dense.length; j++) z += this.dense[j]! * dense[j]!;
    return z;
  }

  /**
   * The words that pushed the logit up most (at most `max`, strongest first, each > `min`): a word's
   * unigram, half of each bigram it is in, and its character n-grams. Recomputes the features, so
   * call it only when the explanation is wanted.
   */
  topWords(text: string, max: number, min: number): string[] {
    const lower = text.toLowerCase();
    const words = lower.match(WORD) ?? [];
    const ranked: Array<[string, number]> = [];
    const wt = this.words.table;
    wt.begin();
    wordFeatures(words, wt);
    const wc = wt.finish();
    const wNorm = this.words.norm(wc);
    const ct = this.chars.table;
    ct.begin();
    charFeatures(lower, ct);
    const cNorm = this.chars.norm(ct.finish());
    // Per-feature weight by bucket, for the lookups below.
    const wBy = new Map<number, number>();
    for (let i = 0; i < wc.n; i++) wBy.set(wc.buckets[i]!, wNorm > 0 ? this.words.contribution(wc, i, wNorm) : 0);
    const cc = ct.out;
    const cBy = new Map<number, number>();
    for (let i = 0; i < cc.n; i++) cBy.set(cc.buckets[i]!, cNorm > 0 ? this.chars.contribution(cc, i, cNorm) : 0);
    const hashes = words.map((w) => fnv1a(w, WORD_SEED));
    const own: number[] = [];
    const sink: FeatureSink = { add: (id) => own.push(id & ct.mask) };
    for (let t = 0; t < words.length; t++) {
      const w = words[t]!;
      if (w === '!' || w === '?') continue;
      let v = wBy.get(hashes[t]! & wt.mask) ?? 0;
      if (t > 0) v += (wBy.get(mix(hashes[t - 1]!, hashes[t]!) & wt.mask) ?? 0) / 2;
      if (t + 1 < words.length) v += (wBy.get(mix(hashes[t]!, hashes[t + 1]!) & wt.mask) ?? 0) / 2;
      // The word's own character n-grams (those of " word "; a \w+ run sits inside one white-space piece).
      own.length = 0;
      charFeatures(w, sink);
      for (const b of own) v += cBy.get(b) ?? 0;
      if (v > min && !ranked.some(([x]) => x === w)) ranked.push([w, v]);
    }
    ranked.sort((x, y) => y[1] - x[1]);
    return ranked.slice(0, max).map(([w]) => w);
  }
}
