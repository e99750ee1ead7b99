// One-vs-rest NB-weighted logistic regression (Wang & Manning 2012, "NBSVM" with a logistic loss)
// over hashed buckets. For each class, every feature is scaled by its log-count ratio between the
// class and the rest (from document frequencies, each class weighted to equal total weight so the
// ratio does not lean on the label mix), then a class-balanced binary logistic regression with L2 is
// trained by AdaGrad SGD (seeded shuffles: deterministic). The ratio folds into the weights, so
// inference is a plain linear model. Two classes train a single binary model (class 1 vs class 0).
import { encodeBuckets } from '../buckets.ts';
import { rng } from '../hash.ts';
import type { FeatureConfig } from '../features.ts';
import type { LinearModelFile } from '../linear.ts';

export interface HExample {
  /** bucket numbers (id & mask), repeats kept */
  ids: Int32Array;
  dense: ArrayLike<number>;
  y: number;
}

export interface NbOptions {
  K: number;
  bits: number;
  nDense: number;
  epochs: number;
  lr: number;
  l2: number;
  /** NB smoothing; nb: false trains plain LR (ratio 1) */
  alpha: number;
  nb: boolean;
  /** buckets seen in fewer documents are dropped */
  minDf: number;
  seed: number;
}

export interface HModel {
  K: number;
  bits: number;
  /** bucket * K + class */
  W: Float64Array;
  bias: Float64Array;
  /** dense feature * K + class */
  dense: Float64Array;
  nDense: number;
}

function norm(e: HExample): number {
  return e.ids.length ? 1 / Math.sqrt(e.ids.length) : 0;
}

export function trainNb(ex: HExample[], o: NbOptions): HModel {
  const size = 1 << o.bits;
  const K = o.K;
  const W = new Float64Array(size * K);
  const bias = new Float64Array(K);
  const dense = new Float64Array(o.nDense * K);
  // Document frequency per class (binary presence), for minDf and the NB ratios.
  const nClass = new Float64Array(K);
  for (const e of ex) nClass[e.y]!++;
  const dfk = new Float64Array(size * K);
  const mark = new Int32Array(size).fill(-1);
  ex.forEach((e, n) => {
    for (let i = 0; i < e.ids.length; i++) {
      const f = e.ids[i]!;
      if (mark[f] === n) continue;
      mark[f] = n;
      dfk[f * K + e.y]!++;
    }
  });
  const alive = new Uint8Array(size);
  for (let f = 0; f < size; f++) {
    let s = 0;
    for (let k = 0; k < K; k++) s += dfk[f * K + k]!;
    if (s >= o.minDf) alive[f] = 1;
  }
  const X = ex.map((e) => {
    const kept: number[] = [];
    for (let i = 0; i < e.ids.length; i++) if (alive[e.ids[i]!]) kept.push(e.ids[i]!);
    return { ids: Int32Array.from(kept), norm: norm(e) };
  });
  const classesToTrain = K === 2 ? [1] : Array.from({ length: K }, (_, k) => k);
  const r = new Float64Array(size);
  const w = new Float64Array(size);
  const G = new Float64Array(size);
  for (const c of classesToTrain) {
    // Ratio of class-c presence to the rest, each side weighted so classes count equally.
    r.fill(1);
    if (o.nb) {
      let tp = 0;
      let tq = 0;
      const wq = new Float64Array(K);
      for (let k = 0; k < K; k++) if (k !== c) wq[k] = nClass[k]! > 0 ? 1 / nClass[k]! : 0;
      const wp = nClass[c]! > 0 ? 1 / nClass[c]! : 0;
      const P = new Float64Array(size);
      const Q = new Float64Array(size);
      for (let f = 0; f < size; f++) {
        if (!alive[f]) continue;
        P[f] = dfk[f * K + c]! * wp;
        let q = 0;
        for (let k = 0; k < K; k++) if (k !== c) q += dfk[f * K + k]! * wq[k]!;
        Q[f] = q;
        tp += P[f]!;
        tq += q;
      }
      const a = o.alpha * (1 / Math.max(1, ex.length));
      for (let f = 0; f < size; f++) if (alive[f]) r[f] = Math.log((a + P[f]!) / (a + tp)) - Math.log((a + Q[f]!) / (a + tq));
    }
    w.fill(0);
    G.fill(0);
    let b = 0;
    let Gb = 0;
    const d = new Float64Array(o.nDense);
    const Gd = new Float64Array(o.nDense);
    let npos = 0;
    for (const e of ex) if (e.y === c) npos++;
    const wPos = ex.length / (2 * Math.max(1, npos));
    const wNeg = ex.length / (2 * Math.max(1, ex.length - npos));
    const rand = rng(o.seed + c);
    const order = ex.map((_, i) => i);
    for (let ep = 0; ep < o.epochs; ep++) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        const t = order[i]!;
        order[i] = order[j]!;
        order[j] = t;
      }
      for (const n of order) {
        const x = X[n]!;
        const dx = ex[n]!.dense;
        const yb = ex[n]!.y === c ? 1 : 0;
        let z = b;
        for (let i = 0; i < x.ids.length; i++) {
          const f = x.ids[i]!;
          z += w[f]! * r[f]! * x.norm;
        }
        for (let j = 0; j < o.nDense; j++) z += d[j]! * dx[j]!;
        const p = 1 / (1 + Math.exp(-z));
        const g = (p - yb) * (yb ? wPos : wNeg);
        Gb += g * g;
        b -= (o.lr * g) / Math.sqrt(Gb + 1e-8);
        for (let i = 0; i < x.ids.length; i++) {
          const f = x.ids[i]!;
          const gr = g * r[f]! * x.norm + o.l2 * w[f]!;
          G[f]! += gr * gr;
          w[f]! -= (o.lr * gr) / Math.sqrt(G[f]! + 1e-8);
        }
        for (let j = 0; j < o.nDense; j++) {
          const v = dx[j]!;
          if (v === 0) continue;
          const gr = g * v + o.l2 * d[j]!;
          Gd[j]! += gr * gr;
          d[j]! -= (o.lr * gr) / Math.sqrt(Gd[j]! + 1e-8);
        }
      }
    }
    for (let f = 0; f < size; f++) if (w[f] !== 0) W[f * K + c] = w[f]! * r[f]!;
    bias[c] = b;
    for (let j = 0; j < o.nDense; j++) dense[j * K + c] = d[j]!;
  }
  return { K, bits: o.bits, W, bias, dense, nDense: o.nDense };
}

/** Logits with the same arithmetic as LinearModel (before quantisation). */
export function predictNb(m: HModel, e: HExample): Float64Array {
  const K = m.K;
  const z = Float64Array.from(m.bias);
  const nr = norm(e);
  for (let i = 0; i < e.ids.length; i++) {
    const off = e.ids[i]! * K;
    for (let k = 0; k < K; k++) z[k]! += m.W[off + k]! * nr;
  }
  for (let j = 0; j < m.nDense; j++) {
    const v = e.dense[j]!;
    if (v !== 0) for (let k = 0; k < K; k++) z[k]! += m.dense[j * K + k]! * v;
  }
  return z;
}

/** Averages the weights of several models (an ensemble of linear models is a linear model). */
export function averageModels(ms: HModel[]): HModel {
  const a = ms[0]!;
  const out: HModel = { K: a.K, bits: a.bits, W: new Float64Array(a.W.length), bias: new Float64Array(a.K), dense: new Float64Array(a.dense.length), nDense: a.nDense };
  for (const m of ms) {
    for (let i = 0; i < m.W.length; i++) out.W[i]! += m.W[i]! / ms.length;
    for (let i = 0; i < m.K; i++) out.bias[i]! += m.bias[i]! / ms.length;
    for (let i = 0; i < m.dense.length; i++) out.dense[i]! += m.dense[i]! / ms.length;
  }
  return out;
}

/**
 * Serialises a model: weights below `minAbs` (relative to the largest) are dropped, the rest
 * quantised to int8 with one scale; bucket numbers as in ../buckets.ts.
 */
export function toHashedFile(
  m: HModel,
  p: { name: string; classes: string[]; features: FeatureConfig; denseNames: string[]; adjust: number[]; meta?: Record<string, unknown>; minAbs?: number; scripts?: string[] },
): LinearModelFile {
  const K = m.K;
  let max = 0;
  for (let i = 0; i < m.W.length; i++) max = Math.max(max, Math.abs(m.W[i]!));
  const scale = max > 0 ? max / 127 : 1;
  const minQ = Math.max(1, Math.round((p.minAbs ?? 0) / scale));
  const idx: number[] = [];
  const w: number[] = [];
  const size = m.W.length / K;
  for (let f = 0; f < size; f++) {
    let keep = false;
    const q: number[] = [];
    for (let k = 0; k < K; k++) {
      const v = Math.round(m.W[f * K + k]! / scale);
      q.push(v);
      if (Math.abs(v) >= minQ) keep = true;
    }
    if (!keep) continue;
    idx.push(f);
    for (const v of q) w.push(v);
  }
  return {
    kind: 'hashed',
    name: p.name,
    classes: p.classes,
    features: p.features,
    denseNames: p.denseNames,
    bits: m.bits,
    scale: Number(scale.toPrecision(8)),
    bias: Array.from(m.bias, (b) => Math.round(b * 1e5) / 1e5),
    adjust: p.adjust,
    dense: Array.from(m.dense, (d) => Math.round(d * 1e5) / 1e5),
    buckets: encodeBuckets(idx),
    w: Buffer.from(Int8Array.from(w).buffer).toString('base64'),
    meta: p.meta,
    ...(p.scripts ? { scripts: p.scripts } : {}),
  };
}
