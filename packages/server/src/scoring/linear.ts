// Multinomial logistic regression inference over hashed sparse features plus a few dense ones.
// Models are JSON files written by scripts/train-scoring.ts; weights are quantised integers and the
// feature ids are delta-encoded, which keeps all the models together at a couple of MB.
import fs from 'node:fs';
import { bigramId, tokenBound, tokenFeatures, wordHash, type FeatureConfig, type Sparse } from './features.ts';
import type { Tok } from './tokenize.ts';

/** Per-token partial sums: the unigram and character n-gram part of the logits depends only on the
 * token (and whether it is negated), so it is computed once per distinct token and reused. Entries
 * live in flat typed arrays (slot -> word hash, feature count, K sums) to spare the GC. */
const CACHE_LIMIT = 1 << 17;
let scratch = new Int32Array(1024);

export interface LinearModelFile {
  kind: 'linear';
  name: string;
  classes: string[];
  features: FeatureConfig;
  denseNames: string[];
  scale: number;
  bias: number[];
  /** Added to the logits after training: decision offsets tuned for macro-F1 (or class F1). */
  adjust: number[];
  dense: number[];
  /** delta-encoded, sorted feature ids */
  ids: number[];
  /** quantised weights, classes.length per id */
  w: number[];
  meta?: Record<string, unknown>;
}

export class LinearModel {
  readonly K: number;
  readonly classes: string[];
  readonly features: FeatureConfig;
  readonly denseNames: string[];
  // Open-addressing hash table (feature id -> weight row offset): much faster than a Map here.
  // Weights live in the slot of their key (slot * K), so a lookup touches two cache lines, not three.
  private readonly keys: Int32Array;
  private readonly mask: number;
  private readonly W: Float32Array;
  private readonly bias: Float64Array;
  private readonly dense: Float32Array;
  readonly meta: Record<string, unknown>;
  private cache = new Map<string, number>();
  private readonly cHash = new Int32Array(CACHE_LIMIT);
  private readonly cN = new Int32Array(CACHE_LIMIT);
  private readonly cV: Float64Array;

  constructor(f: LinearModelFile) {
    this.K = f.classes.length;
    this.classes = f.classes;
    this.features = f.features;
    this.denseNames = f.denseNames;
    this.meta = f.meta ?? {};
    let cap = 16;
    while (cap < f.ids.length * 2) cap *= 2;
    this.mask = cap - 1;
    this.keys = new Int32Array(cap).fill(-1);
    this.W = new Float32Array(cap * this.K);
    let id = 0;
    for (let i = 0; i < f.ids.length; i++) {
      id += f.ids[i]!;
      let h = Math.imul(id, 0x9e3779b1) & this.mask;
      while (this.keys[h] !== -1) h = (h + 1) & this.mask;
      this.keys[h] = id;
      for (let k = 0; k < this.K; k++) this.W[h * this.K + k] = f.w[i * this.K + k]! / f.scale;
    }
    this.bias = new Float64Array(this.K);
    for (let k = 0; k < this.K; k++) this.bias[k] = f.bias[k]! + (f.adjust[k] ?? 0);
    this.cV = new Float64Array(CACHE_LIMIT * this.K);
    this.dense = new Float32Array(f.dense.length);
    for (let i = 0; i < f.dense.length; i++) this.dense[i] = f.dense[i]! / f.scale;
  }

  static load(url: URL): LinearModel {
    return new LinearModel(JSON.parse(fs.readFileSync(url, 'utf8')) as LinearModelFile);
  }

  clearCache(): void {
    this.cache = new Map();
  }

  /** Cache slot of a token's partial sums, computing them on first sight. */
  private entry(t: Tok, negated: boolean): number {
    const key = negated ? '\u0001' + t.w : t.w;
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit;
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear(); // simple and bounded; real traffic refills it fast
    const slot = this.cache.size;
    const K = this.K;
    const hw = wordHash(t.w);
    const need = tokenBound(t, this.features);
    if (need > scratch.length) scratch = new Int32Array(need * 2);
    const n = tokenFeatures(t, hw, negated, this.features, scratch, 0);
    const base = slot * K;
    for (let k = 0; k < K; k++) this.cV[base + k] = 0;
    for (let i = 0; i < n; i++) {
      const off = this.offset(scratch[i]!);
      if (off >= 0) for (let k = 0; k < K; k++) this.cV[base + k]! += this.W[off + k]!;
    }
    this.cHash[slot] = hw;
    this.cN[slot] = n;
    this.cache.set(key, slot);
    return slot;
  }

  /**
   * The same logits as logits(sparseFeatures(tokens, neg, this.features), ...), computed from
   * cached per-token sums: the hot path at inference.
   */
  logitsTokens(tokens: Tok[], neg: Uint8Array | null, denseX: ArrayLike<number>, attrib?: Float64Array): Float64Array {
    const K = this.K;
    const bigrams = this.features.bigrams;
    let n = 0;
    const T = tokens.length;
    const slots = new Int32Array(T).fill(-1);
    const bi = new Int32Array(T).fill(-1);
    let prev = 0;
    for (let i = 0; i < T; i++) {
      const t = tokens[i]!;
      if (t.kind === 'punct') {
        prev = 0;
        continue;
      }
      const slot = this.entry(t, neg !== null && neg[i] === 1);
      slots[i] = slot;
      n += this.cN[slot]!;
      const hw = this.cHash[slot]!;
      if (bigrams && prev !== 0) {
        bi[i] = this.offset(bigramId(prev, hw));
        n++;
      }
      prev = hw;
    }
    const out = Float64Array.from(this.bias);
    const norm = n > 0 ? 1 / Math.sqrt(n) : 0;
    const cV = this.cV;
    for (let i = 0; i < T; i++) {
      const slot = slots[i]!;
      if (slot < 0) continue;
      const b = bi[i]!;
      for (let k = 0; k < K; k++) {
        const v = (cV[slot * K + k]! + (b >= 0 ? this.W[b + k]! : 0)) * norm;
        out[k]! += v;
        if (attrib) attrib[i * K + k]! += v;
      }
    }
    this.addDense(out, denseX);
    return out;
  }

  private addDense(out: Float64Array, denseX: ArrayLike<number>): void {
    const K = this.K;
    for (let j = 0; j < this.denseNames.length; j++) {
      const v = denseX[j] ?? 0;
      if (v === 0) continue;
      for (let k = 0; k < K; k++) out[k]! += this.dense[j * K + k]! * v;
    }
  }

  /** Row offset of a feature id, or -1 when the model doesn't know it. */
  offset(id: number): number {
    const keys = this.keys;
    let h = Math.imul(id, 0x9e3779b1) & this.mask;
    for (;;) {
      const k = keys[h]!;
      if (k === id) return h * this.K;
      if (k === -1) return -1;
      h = (h + 1) & this.mask;
    }
  }

  /**
   * Logits for one example. When `attrib` is given, it receives per-token contributions
   * (flat array, token index * K + class) so the caller can name the words that moved the decision.
   */
  logits(x: Sparse, denseX: ArrayLike<number>, attrib?: Float64Array): Float64Array {
    const K = this.K;
    const out = Float64Array.from(this.bias);
    const norm = x.n > 0 ? 1 / Math.sqrt(x.n) : 0;
    const W = this.W;
    for (let i = 0; i < x.n; i++) {
      const off = this.offset(x.ids[i]!);
      if (off < 0) continue;
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

export function clearTokenCaches(models: Array<LinearModel | undefined>): void {
  for (const m of models) m?.clearCache();
}

export function softmax(z: ArrayLike<number>): Float64Array {
  let m = -Infinity;
  for (let i = 0; i < z.length; i++) m = Math.max(m, z[i]!);
  const p = new Float64Array(z.length);
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
