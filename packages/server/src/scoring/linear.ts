// Multinomial logistic regression inference over hashed sparse features plus a few dense ones.
// Models are JSON files written by scripts/train-scoring.ts; weights are quantised integers and the
// feature ids are delta-encoded, which keeps all the models together at a couple of MB.
import fs from 'node:fs';
import type { FeatureConfig, Sparse } from './features.ts';

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
  private readonly index = new Map<number, number>();
  private readonly W: Float32Array;
  private readonly bias: Float64Array;
  private readonly dense: Float32Array;
  readonly meta: Record<string, unknown>;

  constructor(f: LinearModelFile) {
    this.K = f.classes.length;
    this.classes = f.classes;
    this.features = f.features;
    this.denseNames = f.denseNames;
    this.meta = f.meta ?? {};
    this.W = new Float32Array(f.w.length);
    for (let i = 0; i < f.w.length; i++) this.W[i] = f.w[i]! / f.scale;
    let id = 0;
    for (let i = 0; i < f.ids.length; i++) {
      id += f.ids[i]!;
      this.index.set(id, i * this.K);
    }
    this.bias = new Float64Array(this.K);
    for (let k = 0; k < this.K; k++) this.bias[k] = f.bias[k]! + (f.adjust[k] ?? 0);
    this.dense = new Float32Array(f.dense.length);
    for (let i = 0; i < f.dense.length; i++) this.dense[i] = f.dense[i]! / f.scale;
  }

  static load(url: URL): LinearModel {
    return new LinearModel(JSON.parse(fs.readFileSync(url, 'utf8')) as LinearModelFile);
  }

  /**
   * Logits for one example. When `attrib` is given, it receives per-token contributions
   * (token index -> K-vector) so the caller can name the words that moved the decision.
   */
  logits(x: Sparse, denseX: ArrayLike<number>, attrib?: Map<number, Float64Array>): Float64Array {
    const K = this.K;
    const out = Float64Array.from(this.bias);
    const norm = x.ids.length > 0 ? 1 / Math.sqrt(x.ids.length) : 0;
    const W = this.W;
    for (let i = 0; i < x.ids.length; i++) {
      const off = this.index.get(x.ids[i]!);
      if (off === undefined) continue;
      for (let k = 0; k < K; k++) out[k]! += W[off + k]! * norm;
      if (attrib) {
        const t = x.tok[i]!;
        let a = attrib.get(t);
        if (!a) attrib.set(t, (a = new Float64Array(K)));
        for (let k = 0; k < K; k++) a[k]! += W[off + k]! * norm;
      }
    }
    for (let j = 0; j < this.denseNames.length; j++) {
      const v = denseX[j] ?? 0;
      if (v === 0) continue;
      for (let k = 0; k < K; k++) out[k]! += this.dense[j * K + k]! * v;
    }
    return out;
  }
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
