// Complaint detection. English: a logistic model over TF-IDF word/character n-grams plus the
// language-independent signals (tfidf.ts), trained on the complaints corpus. Other languages: a model over
// only those signals (sentiment, cue categories from the language's own cue list, mention, URL,
// punctuation), trained on the same English data and transferred through the cue lists.
import type { Analysis } from './analyze.ts';
import { NO_FEATURES, softmax } from './linear.ts';
import { MODELS } from './models.ts';
import { complaintDense, complaintDenseEn, squash } from './signals.ts';
import { CUE_REASONS } from './lexicons/index.ts';
import { cueWords } from './lexscore.ts';

export interface ComplaintContext {
  visibility?: 'public' | 'private';
  brandHandles?: string[];
}

export interface ComplaintOut {
  probability: number;
  /** the English model scored it: complaintWords() can name the words it leaned on */
  model: boolean;
}

/**
 * `addressed` (ScoreInput.addressed) counts as an @mention for the English model only: it has the
 * words to tell a question or thanks from a complaint. The transfer model has only the dense signals,
 * and with "addressed" set on every message it flagged plain questions in am, si, km (written test
 * sentences), so it keeps the mention as the text shows it.
 */
export function complaintProbability(a: Analysis, sentimentScore: number, addressed = false): ComplaintOut {
  if (a.lang === 'en' && MODELS.complaintEn) {
    const m = MODELS.complaintEn;
    const p = sigmoid(m.logit(a.tokens, complaintDenseEn(a.tokens, sentimentScore, a.cues, addressed, a.flags)));
    return { probability: p, model: true };
  }
  const dense = complaintDense(a.tokens, sentimentScore, a.cues, false, a.flags);
  if (MODELS.complaintTransfer) return { probability: softmax(MODELS.complaintTransfer.logits(NO_FEATURES, dense))[1]!, model: false };
  // No trained model at all: a plain rule so the module still works before the first training.
  return { probability: Math.min(1, 0.4 * Math.max(0, -squash(a.ls.total)) + 0.25 * a.cues.length), model: false };
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/**
 * The words the complaint score leaned on most (asked for only when they explain a label: most
 * messages never need them): the English model's strongest words; for the transfer model, which
 * sees no words, the words that made its cues fire.
 */
export function complaintWords(a: Analysis, c: ComplaintOut): string[] {
  return c.model && MODELS.complaintEn ? MODELS.complaintEn.topWords(a.tokens, 3, 0.05) : cueWords(a.tokens, a.lex, 3);
}

export function tagsBrand(a: Analysis, brandHandles: string[] | undefined): boolean {
  if (!brandHandles?.length) return false;
  const handles = new Set(brandHandles.map((h) => h.replace(/^@/, '').toLowerCase()));
  return a.tokens.some((t) => t.kind === 'mention' && t.handle !== undefined && handles.has(t.handle));
}

/** Human-readable reasons, strongest first: sentiment, cue categories, then context. */
export function complaintReasons(a: Analysis, negative: boolean, flag: boolean, ctx: ComplaintContext): string[] {
  const reasons: string[] = [];
  if (negative) reasons.push('negative sentiment');
  for (const c of a.cues) reasons.push(CUE_REASONS[c]);
  // Context only matters (and is only reported) for messages flagged as complaints.
  if (flag && tagsBrand(a, ctx.brandHandles)) reasons.push('tags the brand');
  if (flag && ctx.visibility === 'public') reasons.push('public');
  return reasons;
}
