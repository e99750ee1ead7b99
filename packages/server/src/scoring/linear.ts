// Linear models over hashed sparse features plus a few dense ones (logistic regression, one-vs-rest
// NB-weighted for sentiment/complaints, multinomial for language ID), written by
// scripts/train-scoring.ts. A feature id goes straight to a bucket of a fixed-size Float32Array
// weight table (id & mask): no key check, no Map, no per-token cache. Training used the same
// buckets, so collisions were part of what the model learned. On disk: int8 weights with one scale,
// bucket numbers as varint deltas, both base64 — a few hundred KB per model.
import fs from 'node:fs';
import * as F from './features.ts';
import type { FeatureConfig, Sparse } from './features.ts';
import type { Tok } from './tokenize.ts';

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
}

// Local copies of the imports (no getter call per use when compiled to CommonJS).
const bigramId = F.bigramId;
const tokenBound = F.tokenBound;
const tokenFeatures = F.tokenFeatures;
const wordHash = F.wordHash;
let scratch = new Int32Array(1024);
const MEMO_LIMIT = 1 << 16;
let partBuf = new Float64Array(256);

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
  // Per-word memo: a word's unigram + character n-gram part of the logits depends on the word alone,
  // so it is summed once per distinct word (bounded; emptied when full) and then costs one Map
  // lookup instead of ~30 scattered table reads. Negated words are summed directly (rare).
  private memo = new Map<string, number>();
  private memoSums: Float64Array;
  private memoHash: Int32Array;
  private memoCount: Int32Array;

  constructor(f: LinearModelFile) {
    if (f.kind !== 'hashed') throw new Error(`model ${f.name}: unknown format ${String(f.kind)} (run npm run train:scoring)`);
    const K = (this.K = f.classes.length);
    this.classes = f.classes;
    this.features = f.features;
    this.denseNames = f.denseNames;
    this.meta = f.meta ?? {};
    this.mask = (1 << f.bits) - 1;
    this.W = new Int8Array((this.mask + 1) * K);
    this.scale = f.scale;
    const idx = Buffer.from(f.buckets, 'base64');
    const w = new Int8Array(Buffer.from(f.w, 'base64'));
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
      for (let k = 0; k < K; k++) this.W[b * K + k] = w[i * K + k]!;
    }
    this.bias = new Float64Array(K);
    for (let k = 0; k < K; k++) this.bias[k] = f.bias[k]! + (f.adjust[k] ?? 0);
    this.dense = Float64Array.from(f.dense);
    this.memoSums = new Float64Array(MEMO_LIMIT * K);
    this.memoHash = new Int32Array(MEMO_LIMIT);
    this.memoCount = new Int32Array(MEMO_LIMIT);
  }

  static load(url: URL): LinearModel {
    return new LinearModel(JSON.parse(fs.readFileSync(url, 'utf8')) as LinearModelFile);
  }

  clearCache(): void {
    this.memo.clear();
  }

  /** Memo slot of a (non-negated) word's partial sums, computed on first sight. */
  private slotOf(t: Tok): number {
    const hit = this.memo.get(t.w);
    if (hit !== undefined) return hit;
    if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
    const slot = this.memo.size;
    const K = this.K;
    const hw = wordHash(t.w);
    const need = tokenBound(t, this.features);
    if (need > scratch.length) scratch = new Int32Array(need * 2);
    const n = tokenFeatures(t, hw, false, this.features, scratch, 0);
    const base = slot * K;
    for (let k = 0; k < K; k++) this.memoSums[base + k] = 0;
    for (let i = 0; i < n; i++) {
      const off = (scratch[i]! & this.mask) * K;
      for (let k = 0; k < K; k++) this.memoSums[base + k]! += this.W[off + k]!;
    }
    this.memoHash[slot] = hw;
    this.memoCount[slot] = n;
    this.memo.set(t.w, slot);
    return slot;
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
    const sums = this.memoSums;
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
      let hw: number;
      const base = i * K;
      if (neg !== null && neg[i] === 1 && cfg.negation && cfg.words) {
        hw = wordHash(t.w);
        const need = tokenBound(t, cfg);
        if (need > scratch.length) scratch = new Int32Array(need * 2);
        const m = tokenFeatures(t, hw, neg !== null && neg[i] === 1, cfg, scratch, 0);
        for (let q = 0; q < m; q++) {
          const off = (scratch[q]! & mask) * K;
          for (let k = 0; k < K; k++) part[base + k]! += W[off + k]!;
        }
        n += m;
      } else {
        const slot = this.slotOf(t);
        hw = this.memoHash[slot]!;
        n += this.memoCount[slot]!;
        for (let k = 0; k < K; k++) part[base + k] = sums[slot * K + k]!;
      }
      if (cfg.bigrams && prev !== 0) {
        const off = (bigramId(prev, hw) & mask) * K;
        for (let k = 0; k < K; k++) part[base + k]! += W[off + k]!;
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
    const out = Float64Array.from(this.bias);
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
  const p: number[] = new Array<number>(z.length).fill(0);
  let s = 0;
  for (let i = 0; i < z.length; i++) s += p[i] = Math.exp(z[i]! - m);
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
