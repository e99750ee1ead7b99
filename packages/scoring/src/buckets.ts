// The bucket lists of the model files: ascending bucket numbers as LEB128 varint deltas, base64.
// One codec for every model format (linear.ts, tfidf.ts) and their trainers.

/** Ascending bucket numbers -> base64 of their varint deltas. */
export function encodeBuckets(buckets: ArrayLike<number>): string {
  const out: number[] = [];
  let last = 0;
  for (let i = 0; i < buckets.length; i++) {
    let d = buckets[i]! - last;
    last = buckets[i]!;
    do {
      let c = d & 0x7f;
      d = Math.floor(d / 128);
      if (d > 0) c |= 0x80;
      out.push(c);
    } while (d > 0);
  }
  return Buffer.from(Uint8Array.from(out)).toString('base64');
}

/** The bucket numbers of an encoded list, in order. */
export function decodeBuckets(b64: string): Int32Array {
  const idx = Buffer.from(b64, 'base64');
  const out: number[] = [];
  let b = 0;
  let p = 0;
  while (p < idx.length) {
    let d = 0;
    let shift = 0;
    for (;;) {
      const c = idx[p++]!;
      d += (c & 0x7f) * 2 ** shift;
      if (c < 0x80) break;
      shift += 7;
    }
    b += d;
    out.push(b);
  }
  return Int32Array.from(out);
}
