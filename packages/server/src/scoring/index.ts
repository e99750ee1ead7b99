// First thin version (issue 3); issue 5 replaces the internals, keeping this interface.
import Sentiment from 'sentiment';

export type SentimentLabel = 'negative' | 'neutral' | 'positive';

export interface ScoreInput {
  text: string;
  /** Language if already known (BCP 47 primary tag); detected otherwise. */
  lang?: string;
  visibility?: 'public' | 'private';
  /** The brand's own handles (without @), to recognise "tags the brand". */
  brandHandles?: string[];
}

export interface ScoreResult {
  lang: string;
  sentiment: { label: SentimentLabel; score: number; words: string[] };
  complaint: { flag: boolean; score: number; reasons: string[] };
}

const afinn = new Sentiment();
const CUES = /\b(refund|broken|late|never arrived|not arrived|worst|cancel|damaged|missing|scam|complain)/i;

export function scoreMessage(input: ScoreInput): ScoreResult {
  const r = afinn.analyze(input.text);
  const score = Math.max(-1, Math.min(1, r.comparative / 2));
  const label: SentimentLabel = score < -0.05 ? 'negative' : score > 0.05 ? 'positive' : 'neutral';
  const reasons: string[] = [];
  if (label === 'negative') reasons.push('negative sentiment');
  if (CUES.test(input.text)) reasons.push('complaint words');
  if (reasons.length && input.visibility === 'public') reasons.push('public');
  const cscore = Math.min(1, (label === 'negative' ? 0.5 : 0) + (CUES.test(input.text) ? 0.4 : 0));
  return {
    lang: input.lang ?? 'und',
    sentiment: { label, score, words: [...r.negative, ...r.positive] },
    complaint: { flag: cscore >= 0.5, score: cscore, reasons },
  };
}

/** Queue priority in [0, 100]: complaint strength, public first, reach, and age. */
export function priorityOf(p: {
  complaintScore: number;
  visibility: 'public' | 'private';
  reach?: number;
  ageHours?: number;
}): number {
  const reach = Math.min(1, Math.log10(1 + (p.reach ?? 0)) / 6);
  const base = 60 * p.complaintScore + (p.visibility === 'public' ? 20 : 0) + 10 * reach;
  const age = Math.min(1, (p.ageHours ?? 0) / 24);
  return Math.round(Math.min(100, base + 10 * age));
}
