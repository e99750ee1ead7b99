// Two-class multinomial naive Bayes over hashed buckets (Laplace smoothing over the buckets seen in
// training), for the English complaint ensemble (../complaint-nb.ts).
export interface NbExample {
  ids: ArrayLike<number>;
  y: number;
}

export interface NaiveBayes {
  /** log P(bucket | class 1) - log P(bucket | class 0), 0 for buckets never seen */
  ratio: Float64Array;
  /** log P(class 1) - log P(class 0) */
  prior: number;
}

export function trainNaiveBayes(ex: NbExample[], bits: number, alpha: number): NaiveBayes {
  const size = 1 << bits;
  const mask = size - 1;
  const count = [new Float64Array(size), new Float64Array(size)];
  const total = [0, 0];
  const docs = [0, 0];
  const seen = new Uint8Array(size);
  for (const e of ex) {
    docs[e.y]!++;
    for (let i = 0; i < e.ids.length; i++) {
      const b = e.ids[i]! & mask;
      count[e.y]![b]!++;
      total[e.y]!++;
      seen[b] = 1;
    }
  }
  let vocab = 0;
  for (let b = 0; b < size; b++) vocab += seen[b]!;
  const ratio = new Float64Array(size);
  const d1 = Math.log(total[1]! + alpha * vocab);
  const d0 = Math.log(total[0]! + alpha * vocab);
  for (let b = 0; b < size; b++) if (seen[b]) ratio[b] = Math.log(count[1]![b]! + alpha) - d1 - (Math.log(count[0]![b]! + alpha) - d0);
  return { ratio, prior: Math.log(Math.max(1, docs[1]!) / Math.max(1, docs[0]!)) };
}

export function nbLogOdds(m: NaiveBayes, ids: ArrayLike<number>): number {
  const mask = m.ratio.length - 1;
  let s = m.prior;
  for (let i = 0; i < ids.length; i++) s += m.ratio[ids[i]! & mask]!;
  return s;
}
