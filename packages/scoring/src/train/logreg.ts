// Multinomial logistic regression trained with AdaGrad SGD, class weights and L2, deterministic
// (seeded shuffles). Small and dependency-free; used for language ID (nblr.ts trains the rest).
import { rng } from '../hash.ts';
import { argmax } from '../linear.ts';
import { balancedWeights, f1Report } from './metrics.ts';

export interface Example {
  ids: ArrayLike<number>;
  dense: ArrayLike<number>;
  y: number;
}

export interface TrainOptions {
  K: number;
  nDense: number;
  epochs: number;
  lr: number;
  l2: number;
  minDf: number;
  seed: number;
  /** exponent on the balanced class weight: 1 = fully balanced, 0 = none */
  balance: number;
}

export interface Trained {
  ids: number[];
  W: Float64Array;
  bias: Float64Array;
  dense: Float64Array;
  K: number;
  nDense: number;
}

export function train(examples: Example[], o: TrainOptions): Trained {
  const { K, nDense } = o;
  const df = new Map<number, number>();
  for (const e of examples) {
    const seen = new Set<number>();
    for (let i = 0; i < e.ids.length; i++) {
      const id = e.ids[i]!;
      if (seen.has(id)) continue;
      seen.add(id);
      df.set(id, (df.get(id) ?? 0) + 1);
    }
  }
  const ids = [...df.entries()].filter(([, n]) => n >= o.minDf).map(([id]) => id).sort((a, b) => a - b);
  const index = new Map<number, number>();
  ids.forEach((id, i) => index.set(id, i));
  const X = examples.map((e) => {
    const idx: number[] = [];
    for (let i = 0; i < e.ids.length; i++) {
      const j = index.get(e.ids[i]!);
      if (j !== undefined) idx.push(j);
    }
    // Normalise by all features extracted, known or not, exactly as inference does.
    return { idx: Int32Array.from(idx), norm: e.ids.length ? 1 / Math.sqrt(e.ids.length) : 0, dense: e.dense, y: e.y };
  });
  const cw = balancedWeights(examples.map((e) => e.y), K).map((w) => Math.pow(w, o.balance));
  const W = new Float64Array(ids.length * K);
  const G = new Float64Array(ids.length * K);
  const bias = new Float64Array(K);
  const Gb = new Float64Array(K);
  const D = new Float64Array(nDense * K);
  const GD = new Float64Array(nDense * K);
  const rand = rng(o.seed);
  const order = X.map((_, i) => i);
  const z = new Float64Array(K);
  const g = new Float64Array(K);
  const eps = 1e-8;
  for (let ep = 0; ep < o.epochs; ep++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const n of order) {
      const x = X[n]!;
      for (let k = 0; k < K; k++) z[k] = bias[k]!;
      for (let a = 0; a < x.idx.length; a++) {
        const off = x.idx[a]! * K;
        for (let k = 0; k < K; k++) z[k]! += W[off + k]! * x.norm;
      }
      for (let j = 0; j < nDense; j++) {
        const v = x.dense[j]!;
        if (v !== 0) for (let k = 0; k < K; k++) z[k]! += D[j * K + k]! * v;
      }
      let m = -Infinity;
      for (let k = 0; k < K; k++) m = Math.max(m, z[k]!);
      let s = 0;
      for (let k = 0; k < K; k++) s += z[k] = Math.exp(z[k]! - m);
      for (let k = 0; k < K; k++) g[k] = cw[n]! * (z[k]! / s - (k === x.y ? 1 : 0));
      for (let k = 0; k < K; k++) {
        Gb[k]! += g[k]! * g[k]!;
        bias[k]! -= (o.lr * g[k]!) / Math.sqrt(Gb[k]! + eps);
      }
      for (let a = 0; a < x.idx.length; a++) {
        const off = x.idx[a]! * K;
        for (let k = 0; k < K; k++) {
          const gr = g[k]! * x.norm + o.l2 * W[off + k]!;
          G[off + k]! += gr * gr;
          W[off + k]! -= (o.lr * gr) / Math.sqrt(G[off + k]! + eps);
        }
      }
      for (let j = 0; j < nDense; j++) {
        const v = x.dense[j]!;
        if (v === 0) continue;
        for (let k = 0; k < K; k++) {
          const gr = g[k]! * v + o.l2 * D[j * K + k]!;
          GD[j * K + k]! += gr * gr;
          D[j * K + k]! -= (o.lr * gr) / Math.sqrt(GD[j * K + k]! + eps);
        }
      }
    }
  }
  return { ids, W, bias, dense: D, K, nDense };
}

/** Logits with the same arithmetic as LinearModel.logits (no quantisation). */
export function predictLogits(m: Trained, e: Example, index: Map<number, number>): Float64Array {
  const z = Float64Array.from(m.bias);
  const norm = e.ids.length ? 1 / Math.sqrt(e.ids.length) : 0;
  for (let i = 0; i < e.ids.length; i++) {
    const j = index.get(e.ids[i]!);
    if (j === undefined) continue;
    for (let k = 0; k < m.K; k++) z[k]! += m.W[j * m.K + k]! * norm;
  }
  for (let j = 0; j < m.nDense; j++) {
    const v = e.dense[j]!;
    if (v !== 0) for (let k = 0; k < m.K; k++) z[k]! += m.dense[j * m.K + k]! * v;
  }
  return z;
}

export function indexOf(m: Trained): Map<number, number> {
  const index = new Map<number, number>();
  m.ids.forEach((id, i) => index.set(id, i));
  return index;
}

/**
 * Decision offsets added to the logits, found by coordinate search on out-of-fold predictions.
 * `objective` scores a vector of predictions; offsets are kept small (|a| <= limit) to avoid overfitting.
 */
export function tuneAdjust(logits: Float64Array[], K: number, objective: (pred: Int32Array) => number, limit = 1.5): number[] {
  const adj = new Array<number>(K).fill(0);
  const pred = new Int32Array(logits.length);
  const evalAdj = (): number => {
    for (let i = 0; i < logits.length; i++) {
      const z = logits[i]!;
      let b = 0;
      for (let k = 1; k < K; k++) if (z[k]! + adj[k]! > z[b]! + adj[b]!) b = k;
      pred[i] = b;
    }
    return objective(pred);
  };
  let best = evalAdj();
  for (let round = 0; round < 3; round++) {
    for (let k = 1; k < K; k++) {
      const keep = adj[k]!;
      let bestV = keep;
      for (let v = -limit; v <= limit + 1e-4; v += 0.05) {
        adj[k] = v;
        const s = evalAdj();
        // Prefer smaller offsets on ties: a tiny gain is not worth leaning on.
        if (s > best + 1e-4 || (Math.abs(s - best) <= 1e-4 && Math.abs(v) < Math.abs(bestV))) {
          best = s;
          bestV = v;
        }
      }
      adj[k] = bestV;
    }
  }
  return adj.map((a) => Math.round(a * 100) / 100);
}

export function macroBalanced(y: Int32Array, K: number): (pred: Int32Array) => number {
  const w = balancedWeights(y, K);
  return (pred) => f1Report(y, pred, K, w).macro;
}

export function classF1(y: Int32Array, cls: number): (pred: Int32Array) => number {
  return (pred) => f1Report(y, pred, 2).perClass[cls]!;
}

export { argmax };
