// Sentiment per message. Languages with labelled data (am, sw, ta) use a trained linear model over
// word and character n-grams plus lexicon signals; the others (en, si, km, und) use the lexicon
// score (AFINN-165 base + language cues, with negation/intensifiers/elongation), which index.ts
// then combines with the complaint model.
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

function topWords(a: Analysis, score: Map<number, number>): string[] {
  const ranked = [...score.entries()].filter(([, v]) => v > 0.05).sort((x, y) => y[1] - x[1] || x[0] - y[0]);
  const out: string[] = [];
  for (const [i] of ranked) {
    const w = a.tokens[i]!.w;
    if (!out.includes(w)) out.push(w);
    if (out.length === MAX_WORDS) break;
  }
  return out;
}

export function modelSentiment(a: Analysis, model: LinearModel): SentimentOut {
  const K = model.K;
  const attrib = attribBuffer(a.tokens.length * K);
  const p = softmax(model.logitsTokens(a.tokens, a.neg, sentimentDense(a.tokens, a.ls, a.cues), attrib));
  // classes are stored in LABELS order by the trainer
  let k = 0;
  for (let j = 1; j < p.length; j++) if (p[j]! > p[k]!) k = j;
  const label = LABELS[k]!;
  const moved = new Map<number, number>();
  for (let t = 0; t < a.tokens.length; t++) {
    let others = 0;
    for (let j = 0; j < K; j++) if (j !== k) others += attrib[t * K + j]!;
    const v = attrib[t * K + k]! - others / (K - 1);
    if (v !== 0) moved.set(t, v);
  }
  // Lexicon hits count too (they enter the model as dense signals).
  if (label !== 'neutral') {
    const sign = label === 'positive' ? 1 : -1;
    for (const [t, c] of a.ls.contrib) moved.set(t, (moved.get(t) ?? 0) + 0.1 * sign * c);
  }
  return { label, score: round3(p[2]! - p[0]!), words: topWords(a, moved), source: 'model' };
}

export function lexiconSentiment(a: Analysis, shift = 0): SentimentOut {
  const s = Math.max(-1, Math.min(1, squash(a.ls.total) - shift));
  const label: SentimentLabel = s <= -NEUTRAL_BAND ? 'negative' : s >= NEUTRAL_BAND ? 'positive' : 'neutral';
  const moved = new Map<number, number>();
  if (label !== 'neutral') {
    const sign = label === 'positive' ? 1 : -1;
    for (const [t, c] of a.ls.contrib) moved.set(t, sign * c);
  }
  return { label, score: round3(s), words: topWords(a, moved), source: 'lexicon' };
}

export { complaintDense, squash };
