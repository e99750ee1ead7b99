// F1 figures. `weights` lets the tuner score a prediction as if every class were equally frequent,
// so decision offsets don't lean on the training files' label mix.
export interface F1Report {
  perClass: number[];
  macro: number;
  weighted: number;
  accuracy: number;
}

export function f1Report(y: ArrayLike<number>, pred: ArrayLike<number>, K: number, weights?: ArrayLike<number>): F1Report {
  const tp = new Float64Array(K);
  const fp = new Float64Array(K);
  const fn = new Float64Array(K);
  const support = new Float64Array(K);
  let correct = 0;
  let total = 0;
  for (let i = 0; i < y.length; i++) {
    const w = weights ? weights[i]! : 1;
    const a = y[i]!;
    const b = pred[i]!;
    support[a]! += w;
    total += w;
    if (a === b) {
      tp[a]! += w;
      correct += w;
    } else {
      fp[b]! += w;
      fn[a]! += w;
    }
  }
  const perClass: number[] = [];
  let macro = 0;
  let weighted = 0;
  for (let k = 0; k < K; k++) {
    const d = 2 * tp[k]! + fp[k]! + fn[k]!;
    const f = d > 0 ? (2 * tp[k]!) / d : 0;
    perClass.push(f);
    macro += f / K;
    weighted += total > 0 ? (f * support[k]!) / total : 0;
  }
  return { perClass, macro, weighted, accuracy: total > 0 ? correct / total : 0 };
}

export function balancedWeights(y: ArrayLike<number>, K: number): Float64Array {
  const n = new Float64Array(K);
  for (let i = 0; i < y.length; i++) n[y[i]!]!++;
  const w = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) w[i] = y.length / (K * n[y[i]!]!);
  return w;
}
