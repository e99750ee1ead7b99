// Linear models over hashed sparse features plus a few dense ones (logistic regression, one-vs-rest
// NB-weighted for sentiment/complaints, multinomial for language ID), written by
// scripts/train-scoring.ts. A feature id goes straight to a bucket of a fixed-size Float32Array
// weight table (id & mask): no key check, no Map, no per-token cache. Training used the same
// buckets, so collisions were part of what the model learned. On disk: int8 weights with one scale,
// bucket numbers as varint deltas, both base64 — a few hundred KB per model.
import fs from 'node:fs';
import { decodeBuckets } from './buckets.ts';
import * as F from './features.ts';
import type { FeatureConfig, Sparse } from './features.ts';
import type { Script } from './script.ts';
import type { Tok } from './tokenize.ts';
import { MEMO16, MEMO_AT, MEMO_ROOM, ROW16, WORDS } from './words.ts';

export interface LinearModelFile {
  kind: 'hashed';
  name: string;
  classes: string[];
  features: FeatureConfig;
  denseNames: string[];
  /** log2 of the number of buckets */
  bits: number;
  /** weight = int8 value * scale */
  scale: number;
  bias: number[];
  /** Added to the logits after training: decision offsets tuned by cross-validation. */
  adjust: number[];
  /** K weights per dense feature (floats) */
  dense: number[];
  /** base64: bucket numbers, ascending, as LEB128 varint deltas */
  buckets: string;
  /** base64: int8 weights, classes.length per bucket */
  w: string;
  meta?: Record<string, unknown>;
  /**
   * Scripts the training texts were written in (script.ts), enough of them to learn from; a message
   * in another script is scored by the lexicons instead (Tamil: the data is romanised, so its model
   * would read a message in Tamil script by its prior, 78 % praise). Absent: every script.
   */
  scripts?: string[];
}

// Local copies of the imports (no getter call per use when compiled to CommonJS).
const tokenBound = F.tokenBound;
const tokenFeatures = F.tokenFeatures;
const negatedUnigram = F.negatedUnigram;
const bigramId = F.bigramId;
const MASK = 0x3fffffff;
let scratch = new Int32Array(1024);
let partBuf = new Float64Array(256);
const NO_DENSE: number[] = [];
// Per-word memo shared by every model: a word's unigram + character n-gram part of a model's logits
// depends on the word alone, so it is summed once per distinct word, in the word's own row of the
// word table (words.ts: the cache line the tokenizer just read), the model's int16 columns
// [count + 1, sum_0..sum_K-1] (0 = not yet computed, -1 = does not fit). Sums of int8 weights are
// integers, exact in int16 when they fit. Emptied with the word table.
// The row has room for three regions of [tag, count + 1, sums] (language ID's and two of K = 3), and there
// are more models than that: models beyond the room share a region of their size, and the tag (the
// model's number) says whose memo a row holds; a word scored by two models of one region is recomputed
// when they alternate. Regions are given out in load order (models.ts: langid, am, sw, ta, si, km, en:
// am/ta/km and sw/si/en share, whose words seldom overlap).
let used = 0;
let models = 0;
const regions: Array<{ off: number; size: number; members: number }> = [];

function memoRegion(size: number): number {
  if (used + size <= MEMO_ROOM) {
    regions.push({ off: MEMO_AT + used + 1, size, members: 1 });
    used += size;
    return regions[regions.length - 1]!.off;
  }
  let best: (typeof regions)[number] | undefined;
  for (const r of regions) if (r.size === size && (!best || r.members < best.members)) best = r;
  if (!best) return -1;
  best.members++;
  return best.off;
}

export class LinearModel {
  readonly K: number;
  readonly classes: string[];
  readonly features: FeatureConfig;
  readonly denseNames: string[];
  readonly mask: number;
  /** bucket * K + class, quantised (weight = W * scale): 4x less memory than floats, so far fewer cache misses */
  readonly W: Int8Array;
  readonly scale: number;
  private readonly bias: Float64Array;
  private readonly dense: Float64Array;
  readonly meta: Record<string, unknown>;
  private readonly scripts: ReadonlySet<string> | undefined;
  /** one bit per bucket: has a non-zero weight. 64 KB for 2^19 buckets, so it stays in the CPU's L2 cache
   * and most reads of empty buckets (unseen n-grams and bigrams) never touch the big table. */
  private readonly nz: Int32Array;
  /** this model's int16 columns in a word's table row (-1: no memo): the count; the tag is the column before */
  private readonly off: number;
  /** this model's number, in the tag column of the rows whose memo it wrote */
  private readonly tag: number;

  constructor(f: LinearModelFile) {
    if (f.kind !== 'hashed') throw new Error(`model ${f.name}: unknown format ${String(f.kind)} (run npm run train:scoring)`);
    const K = (this.K = f.classes.length);
    this.classes = f.classes;
    this.features = f.features;
    this.denseNames = f.denseNames;
    this.meta = f.meta ?? {};
    this.scripts = f.scripts ? new Set(f.scripts) : undefined;
    this.mask = (1 << f.bits) - 1;
    this.W = new Int8Array((this.mask + 1) * K);
    this.nz = new Int32Array(((this.mask + 1) >>> 5) + 1);
    this.scale = f.scale;
    const w = new Int8Array(Buffer.from(f.w, 'base64'));
    decodeBuckets(f.buckets).forEach((b, i) => {
      let any = 0;
      for (let k = 0; k < K; k++) any |= this.W[b * K + k] = w[i * K + k]!;
      if (any !== 0) this.nz[b >>> 5]! |= 1 << (b & 31);
    });
    this.bias = new Float64Array(K);
    for (let k = 0; k < K; k++) this.bias[k] = f.bias[k]! + (f.adjust[k] ?? 0);
    this.dense = Float64Array.from(f.dense);
    const sparse = f.features.words || f.features.charMax > 0;
    // Models beyond the row's room go without a memo (computed every time: slower, same logits).
    this.off = sparse ? memoRegion(K + 2) : -1;
    this.tag = ++models;
  }

  /** The model learnt from texts in this script (text without letters, or in a script none of our languages use, counts as covered). */
  covers(script: Script): boolean {
    return this.scripts === undefined || script === 'none' || script === 'other' || this.scripts.has(script);
  }

  static load(url: URL): LinearModel {
    return new LinearModel(JSON.parse(fs.readFileSync(url, 'utf8')) as LinearModelFile);
  }

  /** Unigram + character n-gram sums of a token (not negated) into out[base..base+K); returns the feature count. */
  private plain(t: Tok, out: Float64Array, base: number): number {
    const K = this.K;
    const need = tokenBound(t, this.features);
    if (need > scratch.length) scratch = new Int32Array(need * 2);
    const ids = scratch;
    const n = tokenFeatures(t, t.hw, false, this.features, ids, 0);
    const W = this.W;
    const mask = this.mask;
    const nz = this.nz;
    // Independent loads into local accumulators: the table reads (mostly cache misses) overlap.
    if (K === 3) {
      let a = 0, b = 0, c = 0;
      for (let i = 0; i < n; i++) {
        const b0 = ids[i]! & mask;
        if ((nz[b0 >>> 5]! & (1 << (b0 & 31))) === 0) continue;
        const off = b0 * 3;
        a += W[off]!;
        b += W[off + 1]!;
        c += W[off + 2]!;
      }
      out[base] = a;
      out[base + 1] = b;
      out[base + 2] = c;
    } else if (K === 5) {
      let a = 0, b = 0, c = 0, d = 0, e = 0;
      for (let i = 0; i < n; i++) {
        const b0 = ids[i]! & mask;
        if ((nz[b0 >>> 5]! & (1 << (b0 & 31))) === 0) continue;
        const off = b0 * 5;
        a += W[off]!;
        b += W[off + 1]!;
        c += W[off + 2]!;
        d += W[off + 3]!;
        e += W[off + 4]!;
      }
      out[base] = a;
      out[base + 1] = b;
      out[base + 2] = c;
      out[base + 3] = d;
      out[base + 4] = e;
    } else if (K === 2) {
      let a = 0, b = 0;
      for (let i = 0; i < n; i++) {
        const b0 = ids[i]! & mask;
        if ((nz[b0 >>> 5]! & (1 << (b0 & 31))) === 0) continue;
        const off = b0 * 2;
        a += W[off]!;
        b += W[off + 1]!;
      }
      out[base] = a;
      out[base + 1] = b;
    } else {
      for (let k = 0; k < K; k++) out[base + k] = 0;
      for (let i = 0; i < n; i++) {
        const off = (ids[i]! & mask) * K;
        for (let k = 0; k < K; k++) out[base + k]! += W[off + k]!;
      }
    }
    return n;
  }

  /**
   * Logits straight from the tokens (the hot path at inference): the same features and arithmetic
   * as logits(sparseFeatures(tokens, neg, this.features), ...). When `attrib` is given it receives
   * per-token contributions (token index * K + class) so callers can name the words that mattered.
   */
  logitsTokens(tokens: Tok[], neg: Uint8Array | null, denseX: ArrayLike<number>, attrib?: Float64Array): number[] {
    const K = this.K;
    const cfg = this.features;
    const W = this.W;
    const mask = this.mask;
    const memo = MEMO16;
    const gen = WORDS.gen;
    const off = this.off;
    const tag = this.tag;
    const negUnigrams = cfg.negation && cfg.words;
    const nz = this.nz;
    const T = tokens.length;
    const out: number[] = [];
    for (let k = 0; k < K; k++) out.push(this.bias[k]!);
    // Typed-array allocation costs about as much as scoring a few words: reuse one scratch buffer.
    if (T * K > partBuf.length) partBuf = new Float64Array(T * K * 2);
    const part = partBuf;
    part.fill(0, 0, T * K);
    let n = 0;
    let prev = 0;
    for (let i = 0; i < T; i++) {
      const t = tokens[i]!;
      if (t.kind === 'punct') {
        prev = 0;
        continue;
      }
      const hw = t.hw;
      const base = i * K;
      const slot = t.gen === gen ? t.slot : -1;
      const row = slot * ROW16 + off;
      // Another model's memo in this row counts as not computed yet (0): ours replaces it.
      const c = slot >= 0 && off >= 0 ? (memo[row - 1] === tag ? memo[row]! : 0) : -1;
      if (c > 0) {
        n += c - 1;
        for (let k = 0; k < K; k++) part[base + k] = memo[row + 1 + k]!;
      } else {
        const m = this.plain(t, part, base);
        n += m;
        if (c === 0) {
          // Keep it if it fits the int16 memo (very long words don't: computed every time, marked -1).
          let fits = m < 32767;
          for (let k = 0; k < K; k++) if (Math.abs(part[base + k]!) > 32767) fits = false;
          memo[row - 1] = tag;
          if (fits) {
            memo[row] = m + 1;
            for (let k = 0; k < K; k++) memo[row + 1 + k] = part[base + k]!;
          } else memo[row] = -1;
        }
      }
      if (neg !== null && neg[i] === 1 && negUnigrams) {
        // Negated: the same features with the unigram swapped for its negation-marked form.
        const u = (hw & MASK & mask) * K;
        const v = (negatedUnigram(hw) & mask) * K;
        for (let k = 0; k < K; k++) part[base + k]! += W[v + k]! - W[u + k]!;
      }
      if (cfg.bigrams && prev !== 0) {
        const b = bigramId(prev, hw) & mask;
        if ((nz[b >>> 5]! & (1 << (b & 31))) !== 0) {
          const off = b * K;
          for (let k = 0; k < K; k++) part[base + k]! += W[off + k]!;
        }
        n++;
      }
      prev = hw;
    }
    const norm = n > 0 ? this.scale / Math.sqrt(n) : 0;
    for (let i = 0, k = 0; i < T * K; i++) {
      const v = part[i]! * norm;
      out[k]! += v;
      if (attrib) attrib[i] = v;
      if (++k === K) k = 0;
    }
    this.addDense(out, denseX);
    return out;
  }

  /**
   * logitsTokens(langidTokens(tokens), null, []) for a words-only model (language ID: no bigrams, no
   * negation, no dense signals) without building the filtered token list: the same features and the
   * same arithmetic in the same order, so the same logits.
   */
  logitsWords(tokens: Tok[]): number[] {
    const K = this.K;
    const memo = MEMO16;
    const gen = WORDS.gen;
    const off = this.off;
    const tag = this.tag;
    const T = tokens.length;
    if (T * K > partBuf.length) partBuf = new Float64Array(T * K * 2);
    const part = partBuf;
    let n = 0;
    let m = 0;
    for (let i = 0; i < T; i++) {
      const t = tokens[i]!;
      if (t.kind !== 'word' || t.num) continue;
      const base = m * K;
      m++;
      const slot = t.gen === gen ? t.slot : -1;
      const row = slot * ROW16 + off;
      const c = slot >= 0 && off >= 0 ? (memo[row - 1] === tag ? memo[row]! : 0) : -1;
      if (c > 0) {
        n += c - 1;
        for (let k = 0; k < K; k++) part[base + k] = memo[row + 1 + k]!;
      } else {
        const q = this.plain(t, part, base);
        n += q;
        if (c === 0) {
          let fits = q < 32767;
          for (let k = 0; k < K; k++) if (Math.abs(part[base + k]!) > 32767) fits = false;
          memo[row - 1] = tag;
          if (fits) {
            memo[row] = q + 1;
            for (let k = 0; k < K; k++) memo[row + 1 + k] = part[base + k]!;
          } else memo[row] = -1;
        }
      }
    }
    const out: number[] = [];
    for (let k = 0; k < K; k++) out.push(this.bias[k]!);
    const norm = n > 0 ? this.scale / Math.sqrt(n) : 0;
    for (let i = 0, k = 0; i < m * K; i++) {
      out[k]! += part[i]! * norm;
      if (++k === K) k = 0;
    }
    this.addDense(out, NO_DENSE);
    return out;
  }

  private addDense(out: number[] | Float64Array, denseX: ArrayLike<number>): void {
    const K = this.K;
    for (let j = 0; j < this.denseNames.length; j++) {
      const v = denseX[j] ?? 0;
      if (v === 0) continue;
      for (let k = 0; k < K; k++) out[k]! += this.dense[j * K + k]! * v;
    }
  }

  /** Logits for one example given as sparse features (training-side representation). */
  logits(x: Sparse, denseX: ArrayLike<number>, attrib?: Float64Array): Float64Array {
    const K = this.K;
    const out = new Float64Array(this.bias); // a copy (Float64Array.from goes through the iterator protocol)
    const norm = x.n > 0 ? this.scale / Math.sqrt(x.n) : 0;
    const W = this.W;
    for (let i = 0; i < x.n; i++) {
      const off = (x.ids[i]! & this.mask) * K;
      const a = attrib ? x.tok[i]! * K : -1;
      for (let k = 0; k < K; k++) {
        const v = W[off + k]! * norm;
        out[k]! += v;
        if (a >= 0) attrib![a + k]! += v;
      }
    }
    this.addDense(out, denseX);
    return out;
  }
}

export function softmax(z: ArrayLike<number>): number[] {
  let m = -Infinity;
  for (let i = 0; i < z.length; i++) m = Math.max(m, z[i]!);
  const p: number[] = [];
  let s = 0;
  for (let i = 0; i < z.length; i++) {
    const e = Math.exp(z[i]! - m);
    p.push(e);
    s += e;
  }
  for (let i = 0; i < z.length; i++) p[i]! /= s;
  return p;
}

export function argmax(z: ArrayLike<number>): number {
  let b = 0;
  for (let i = 1; i < z.length; i++) if (z[i]! > z[b]!) b = i;
  return b;
}

let attribBuf = new Float64Array(256);
/** A reused, zeroed buffer for per-token attributions (callers use it before the next call). */
export function attribBuffer(n: number): Float64Array {
  if (n > attribBuf.length) attribBuf = new Float64Array(n * 2);
  attribBuf.fill(0, 0, n);
  return attribBuf;
}

/** An example with no sparse features (models over dense signals only). */
export const NO_FEATURES: Sparse = { n: 0, ids: new Int32Array(0), tok: new Int32Array(0) };
