// Sentiment per message. Languages with labelled data (am, sw, ta) use a trained linear model over
// word and character n-grams plus lexicon signals, in the scripts it was trained on; the others (en,
// si, km, und, and e.g. Tamil script, whose data is romanised) use the lexicon score (AFINN-165 base
// + language cues, with negation/intensifiers/elongation), which index.ts then combines with the
// complaint model.
import type { Analysis } from './analyze.ts';
import { attribBuffer, softmax, type LinearModel } from './linear.ts';
import { complaintDense, sentimentDense, squash } from './signals.ts';

export type SentimentLabel = 'negative' | 'neutral' | 'positive';

export interface SentimentOut {
  label: SentimentLabel;
  score: number;
  words: string[];
  /** how the label was reached: 'model' (trained) or 'lexicon' */
  source: 'model' | 'lexicon';
}

const LABELS: SentimentLabel[] = ['negative', 'neutral', 'positive'];
const MAX_WORDS = 5;
/** Lexicon score band that stays neutral. */
export const NEUTRAL_BAND = 0.15;

export function round3(x: number): number {
  return Math.round(x * 1000) / 1000 + 0; // + 0 turns -0 into 0
}

let movedBuf = new Float64Array(256);
/** A zeroed scratch array for per-token scores (valid until the next call). */
function movedBuffer(n: number): Float64Array {
  if (n > movedBuf.length) movedBuf = new Float64Array(n * 2);
  movedBuf.fill(0, 0, n);
  return movedBuf;
}

let candBuf = new Int32Array(256);

function topWords(a: Analysis, score: Float64Array, T: number): string[] {
  // The words of the highest-scoring tokens, ties by position, each word once: picked one at a time
  // from the candidates (messages are short; sorting them, or inserting with splice, cost more).
  if (T > candBuf.length) candBuf = new Int32Array(T * 2);
  const cand = candBuf;
  let n = 0;
  for (let i = 0; i < T; i++) if (score[i]! > 0.05) cand[n++] = i;
  const out: string[] = [];
  while (n > 0 && out.length < MAX_WORDS) {
    let best = 0;
    for (let j = 1; j < n; j++) if (score[cand[j]!]! > score[cand[best]!]!) best = j;
    const w = a.tokens[cand[best]!]!.w;
    if (!out.includes(w)) out.push(w);
    // Remove it, keeping the others in position order (ties keep going to the earliest token).
    for (let j = best + 1; j < n; j++) cand[j - 1] = cand[j]!;
    n--;
  }
  return out;
}

export function modelSentiment(a: Analysis, model: LinearModel): SentimentOut {
  const K = model.K;
  const T = a.tokens.length;
  const attrib = attribBuffer(T * K);
  const p = softmax(model.logitsTokens(a.tokens, a.neg, sentimentDense(a.tokens, a.ls, a.cues, a.flags), attrib));
  // classes are stored in LABELS order by the trainer
  let k = 0;
  for (let j = 1; j < p.length; j++) if (p[j]! > p[k]!) k = j;
  const label = LABELS[k]!;
  const moved = movedBuffer(T);
  for (let t = 0; t < T; t++) {
    let others = 0;
    for (let j = 0; j < K; j++) if (j !== k) others += attrib[t * K + j]!;
    moved[t] = attrib[t * K + k]! - others / (K - 1);
  }
  // Lexicon hits count too (they enter the model as dense signals).
  if (label !== 'neutral') {
    const sign = label === 'positive' ? 1 : -1;
    const c = a.ls.contrib;
    for (let t = 0; t < T; t++) if (c[t] !== 0) moved[t]! += 0.1 * sign * c[t]!;
  }
  return { label, score: round3(p[2]! - p[0]!), words: topWords(a, moved, T), source: 'model' };
}

/**
 * A model's neutral label pulled down by a flagged complaint (`pull` as in lexiconSentiment): negative
 * once the score leaves the neutral band; the complaint's words are then added by the caller.
 */
export function pulledModelSentiment(s: SentimentOut, pull: number): SentimentOut {
  if (s.label !== 'neutral') return s;
  const score = Math.max(-1, Math.min(1, s.score - pull));
  return score <= -NEUTRAL_BAND ? { label: 'negative', score: round3(score), words: [], source: s.source } : s;
}

export function lexiconSentiment(a: Analysis, shift = 0): SentimentOut {
  const s = Math.max(-1, Math.min(1, squash(a.ls.total) - shift));
  const label: SentimentLabel = s <= -NEUTRAL_BAND ? 'negative' : s >= NEUTRAL_BAND ? 'positive' : 'neutral';
  if (label === 'neutral') return { label, score: round3(s), words: [], source: 'lexicon' };
  const T = a.tokens.length;
  const moved = movedBuffer(T);
  const sign = label === 'positive' ? 1 : -1;
  const c = a.ls.contrib;
  for (let t = 0; t < T; t++) moved[t] = sign * c[t]!;
  return { label, score: round3(s), words: topWords(a, moved, T), source: 'lexicon' };
}

export { complaintDense, squash };
