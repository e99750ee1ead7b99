// Training for the TF-IDF logistic model (../tfidf.ts): document frequencies and idf from the
// training rows only, unit-length blocks, then an L2-regularised, class-balanced logistic regression
// solved to convergence with L-BFGS (deterministic: no sampling anywhere).
import { Counter, charFeatures, handleOf, sublinear, wordFeatures, type TfidfBlockFile, type TfidfFile } from '../tfidf.ts';
import type { Tok } from '../tokenize.ts';
import { encodeBuckets } from '../buckets.ts';
import { balancedWeights } from './metrics.ts';

/**
 * One text's features: word buckets with counts (distinct), and the character block word
 * by word (each word's distinct buckets with counts, concatenated; see ../tfidf.ts), plus dense signals.
 */
export interface TfidfDoc {
  words: { b: Int32Array; c: Int32Array };
  chars: { b: Int32Array; c: Int32Array };
  /** dense signals (signals.ts), used as they are: not scaled, not normalised */
  dense: ArrayLike<number>;
}

export interface TfidfOptions {
  wordBits: number;
  charBits: number;
  /** inverse regularisation strength, as scikit-learn's C */
  C: number;
  /** a bucket must occur in this many training texts */
  minDf: number;
}

export interface TfidfTrained {
  opts: TfidfOptions;
  wordIdf: Float64Array;
  charIdf: Float64Array;
  wordW: Float64Array;
  charW: Float64Array;
  dense: Float64Array;
  bias: number;
}

const counters = new Map<number, Counter>();
/** A reset counter for tables of 2^bits buckets (`which` tells two counters of the same size apart). */
function counter(bits: number, which = 0): Counter {
  let c = counters.get(bits * 2 + which);
  if (!c) counters.set(bits * 2 + which, (c = new Counter((1 << bits) - 1)));
  c.reset();
  return c;
}

export function tfidfDoc(tokens: Tok[], o: Pick<TfidfOptions, 'wordBits' | 'charBits'>, dense: ArrayLike<number> = []): TfidfDoc {
  const wc = counter(o.wordBits);
  wordFeatures(tokens, wc);
  const cc = counter(o.charBits, 1);
  const b: number[] = [];
  const c: number[] = [];
  for (const t of tokens) {
    cc.reset();
    charFeatures(handleOf(t) ?? t.w, cc);
    for (let i = 0; i < cc.size; i++) {
      b.push(cc.buckets[i]!);
      c.push(cc.counts[i]!);
    }
  }
  return { words: { b: wc.buckets.slice(0, wc.size), c: wc.counts.slice(0, wc.size) }, chars: { b: Int32Array.from(b), c: Int32Array.from(c) }, dense };
}

// Buckets come in order of first sight, not sorted: nothing below needs an order.
function idfOf(docs: TfidfDoc[], key: 'words' | 'chars', bits: number, minDf: number): Float64Array {
  const df = new Int32Array(1 << bits);
  const seen = new Int32Array(1 << bits).fill(-1);
  docs.forEach((d, i) => {
    for (const b of d[key].b) {
      if (seen[b] === i) continue;
      seen[b] = i;
      df[b]!++;
    }
  });
  const n = docs.length;
  // scikit-learn's smooth idf: ln((1 + n) / (1 + df)) + 1.
  return Float64Array.from(df, (v) => (v >= minDf ? Math.log((1 + n) / (1 + v)) + 1 : 0));
}

/** Sparse rows of the unit-length TF-IDF blocks (a block's length: over all its entries, as inference sums it); columns: word buckets, then char buckets offset by 2^wordBits. */
function rows(docs: TfidfDoc[], wordIdf: Float64Array, charIdf: Float64Array): Array<{ idx: Int32Array; val: Float64Array }> {
  const off = wordIdf.length;
  return docs.map((d) => {
    const idx: number[] = [];
    const val: number[] = [];
    for (const [part, idf, base] of [[d.words, wordIdf, 0], [d.chars, charIdf, off]] as const) {
      const start = val.length;
      let ss = 0;
      for (let i = 0; i < part.b.length; i++) {
        const v = idf[part.b[i]!]!;
        if (v === 0) continue;
        const x = sublinear(part.c[i]!) * v;
        idx.push(base + part.b[i]!);
        val.push(x);
        ss += x * x;
      }
      const norm = Math.sqrt(ss);
      for (let i = start; i < val.length; i++) val[i]! /= norm;
    }
    for (let j = 0; j < d.dense.length; j++) {
      if (d.dense[j] === 0) continue;
      idx.push(off + charIdf.length + j);
      val.push(d.dense[j]!);
    }
    return { idx: Int32Array.from(idx), val: Float64Array.from(val) };
  });
}

export function trainTfidf(docs: TfidfDoc[], y: ArrayLike<number>, o: TfidfOptions): TfidfTrained {
  const wordIdf = idfOf(docs, 'words', o.wordBits, o.minDf);
  const charIdf = idfOf(docs, 'chars', o.charBits, o.minDf);
  const X = rows(docs, wordIdf, charIdf);
  const s = balancedWeights(y, 2);
  const nDense = docs[0]?.dense.length ?? 0;
  const d = wordIdf.length + charIdf.length + nDense;
  // theta = [weights..., bias]; loss = C * sum_i s_i log(1 + exp(-y_i z_i)) + |w|^2 / 2 (bias not penalised).
  const fg = (th: Float64Array, g: Float64Array): number => {
    g.fill(0);
    let f = 0;
    const bias = th[d]!;
    for (let i = 0; i < X.length; i++) {
      const { idx, val } = X[i]!;
      let z = bias;
      for (let k = 0; k < idx.length; k++) z += th[idx[k]!]! * val[k]!;
      const yi = y[i] === 1 ? 1 : -1;
      const m = yi * z;
      // log(1 + exp(-m)), stable both ways
      f += o.C * s[i]! * (m > 0 ? Math.log1p(Math.exp(-m)) : -m + Math.log1p(Math.exp(m)));
      const r = (o.C * s[i]! * -yi) / (1 + Math.exp(m));
      for (let k = 0; k < idx.length; k++) g[idx[k]!]! += r * val[k]!;
      g[d]! += r;
    }
    for (let j = 0; j < d; j++) {
      const w = th[j]!;
      if (w !== 0) {
        f += 0.5 * w * w;
        g[j]! += w;
      }
    }
    return f;
  };
  const th = lbfgs(fg, new Float64Array(d + 1), 600, 1e-5);
  return { opts: o, wordIdf, charIdf, wordW: th.slice(0, wordIdf.length), charW: th.slice(wordIdf.length, wordIdf.length + charIdf.length), dense: th.slice(wordIdf.length + charIdf.length, d), bias: th[d]! };
}

/** Log-odds with the same arithmetic as TfidfLogistic.logit (no quantisation). */
export function predictTfidf(m: TfidfTrained, doc: TfidfDoc): number {
  let z = m.bias;
  for (const [part, idf, w] of [[doc.words, m.wordIdf, m.wordW], [doc.chars, m.charIdf, m.charW]] as const) {
    let dot = 0;
    let ss = 0;
    for (let i = 0; i < part.b.length; i++) {
      const v = idf[part.b[i]!]!;
      if (v === 0) continue;
      const x = sublinear(part.c[i]!) * v;
      ss += x * x;
      dot += x * w[part.b[i]!]!;
    }
    if (ss > 0) z += dot / Math.sqrt(ss);
  }
  for (let j = 0; j < m.dense.length; j++) z += m.dense[j]! * doc.dense[j]!;
  return z;
}

/**
 * Minimises f with L-BFGS (memory 10, backtracking line search on the Armijo condition); stops when
 * the gradient's largest entry is below `tol` times max(1, |f|) or after `maxIter` iterations.
 */
export function lbfgs(fg: (x: Float64Array, g: Float64Array) => number, x0: Float64Array, maxIter: number, tol: number): Float64Array {
  const n = x0.length;
  const M = 10;
  let x = Float64Array.from(x0);
  let g = new Float64Array(n);
  let f = fg(x, g);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const dir = new Float64Array(n);
  const alpha = new Float64Array(M);
  const xn = new Float64Array(n);
  let gn = new Float64Array(n);
  for (let it = 0; it < maxIter; it++) {
    let gmax = 0;
    for (let i = 0; i < n; i++) gmax = Math.max(gmax, Math.abs(g[i]!));
    if (gmax < tol * Math.max(1, Math.abs(f))) break;
    // Two-loop recursion: dir = -H g.
    for (let i = 0; i < n; i++) dir[i] = -g[i]!;
    for (let k = S.length - 1; k >= 0; k--) {
      alpha[k] = rho[k]! * dot(S[k]!, dir);
      axpy(-alpha[k]!, Y[k]!, dir);
    }
    if (S.length > 0) {
      const last = S.length - 1;
      const gamma = dot(S[last]!, Y[last]!) / dot(Y[last]!, Y[last]!);
      for (let i = 0; i < n; i++) dir[i]! *= gamma;
    } else {
      const gn0 = Math.sqrt(dot(g, g));
      for (let i = 0; i < n; i++) dir[i]! /= Math.max(1, gn0);
    }
    for (let k = 0; k < S.length; k++) {
      const b = rho[k]! * dot(Y[k]!, dir);
      axpy(alpha[k]! - b, S[k]!, dir);
    }
    const slope = dot(g, dir);
    if (slope >= 0) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      S.length = Y.length = rho.length = 0;
      continue;
    }
    let step = 1;
    let fn = 0;
    for (let ls = 0; ls < 40; ls++) {
      for (let i = 0; i < n; i++) xn[i] = x[i]! + step * dir[i]!;
      fn = fg(xn, gn);
      if (fn <= f + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(fn < f)) break;
    const sk = new Float64Array(n);
    const yk = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      sk[i] = xn[i]! - x[i]!;
      yk[i] = gn[i]! - g[i]!;
    }
    const sy = dot(sk, yk);
    if (sy > 1e-12) {
      if (S.length === M) {
        S.shift();
        Y.shift();
        rho.shift();
      }
      S.push(sk);
      Y.push(yk);
      rho.push(1 / sy);
    }
    x = Float64Array.from(xn);
    [g, gn] = [gn, g];
    f = fn;
  }
  return x;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < x.length; i++) y[i]! += a * x[i]!;
}

/** Bucket list (../buckets.ts) plus uint16 idf and int16 weights, for the buckets that have an idf. */
function blockFile(bits: number, idf: Float64Array, w: Float64Array): TfidfBlockFile {
  const kept: number[] = [];
  for (let b = 0; b < idf.length; b++) if (idf[b]! > 0) kept.push(b);
  const idfMax = kept.reduce((m, b) => Math.max(m, idf[b]!), 1);
  const wMax = kept.reduce((m, b) => Math.max(m, Math.abs(w[b]!)), 1e-9);
  const idfScale = Math.floor(65535 / idfMax);
  const wScale = 32767 / wMax;
  const idfBuf = Buffer.alloc(kept.length * 2);
  const wBuf = Buffer.alloc(kept.length * 2);
  kept.forEach((b, i) => {
    idfBuf.writeUInt16LE(Math.round(idf[b]! * idfScale), i * 2);
    wBuf.writeInt16LE(Math.round(w[b]! * wScale), i * 2);
  });
  return { bits, buckets: encodeBuckets(kept), idf: idfBuf.toString('base64'), idfScale, w: wBuf.toString('base64'), wScale };
}

/** `denseScale`: the factor the dense signals were multiplied by in training, folded into their weights. */
export function toTfidfFile(m: TfidfTrained, o: { name: string; denseNames: string[]; denseScale: number; adjust: number; meta: Record<string, unknown> }): TfidfFile {
  return {
    kind: 'tfidf', name: o.name,
    words: blockFile(m.opts.wordBits, m.wordIdf, m.wordW),
    chars: blockFile(m.opts.charBits, m.charIdf, m.charW),
    denseNames: o.denseNames, dense: Array.from(m.dense, (w) => w * o.denseScale),
    bias: m.bias, adjust: o.adjust, meta: o.meta,
  };
}
