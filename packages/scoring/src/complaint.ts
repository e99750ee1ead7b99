// Complaint detection. English: a logistic model over TF-IDF word/character n-grams plus the
// language-independent signals (tfidf.ts), trained on the complaints corpus. Other languages: a model over
// only those signals (sentiment, cue categories from the language's own cue list, mention, URL,
// punctuation), trained on the same English data and transferred through the cue lists.
import type { Analysis } from './analyze.ts';
import { NO_FEATURES, softmax } from './linear.ts';
import { MODELS } from './models.ts';
import { COMPLAINT_DENSE, complaintDense, complaintDenseEn, squash } from './signals.ts';
import { CUE_REASONS } from './lexicons/index.ts';
import { cueWords } from './lexscore.ts';
import { NEUTRAL_BAND } from './sentiment.ts';

export interface ComplaintContext {
  visibility?: 'public' | 'private';
  brandHandles?: string[];
}

export interface ComplaintOut {
  probability: number;
  /** the English model scored it: complaintWords() can name the words it leaned on */
  model: boolean;
  /**
   * English model: the probability without the "sent to the brand" signal (an @mention or `addressed`),
   * i.e. what the wording says; the transfer model: the probability itself.
   */
  wording: number;
}

/** Index of the mention signal in both models' dense signals (signals.ts). */
const MENTION = COMPLAINT_DENSE.indexOf('mention');

/**
 * `addressed` (ScoreInput.addressed) counts as an @mention for the English model only: it has the
 * words to tell a question or thanks from a complaint. The transfer model has only the dense signals,
 * and with "addressed" set on every message it flagged plain questions in am, si, km (written test
 * sentences), so it keeps the mention as the text shows it.
 */
export function complaintProbability(a: Analysis, sentimentScore: number, addressed = false): ComplaintOut {
  if (a.lang === 'en' && MODELS.complaintEn) {
    const m = MODELS.complaintEn;
    const dense = complaintDenseEn(a.tokens, sentimentScore, a.cues, addressed, a.flags);
    const z = m.logit(a.tokens, dense);
    return { probability: sigmoid(z), model: true, wording: sigmoid(z - m.denseWeight(MENTION) * dense[MENTION]!) };
  }
  const dense = complaintDense(a.tokens, sentimentScore, a.cues, false, a.flags);
  if (MODELS.complaintTransfer) {
    const p = softmax(MODELS.complaintTransfer.logits(NO_FEATURES, dense))[1]!;
    return { probability: p, model: false, wording: p };
  }
  // No trained model at all: a plain rule so the module still works before the first training.
  const p = Math.min(1, 0.4 * Math.max(0, -squash(a.ls.total)) + 0.25 * a.cues.length);
  return { probability: p, model: false, wording: p };
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

/**
 * Whether the text itself says "complaint": a cue category, negative sentiment, or (English, where the
 * model has the words) wording that the model calls a complaint with probability `minWording` or more
 * without the "sent to the brand" signal (ComplaintOut.wording; the threshold is chosen with the offset
 * on out-of-fold predictions and stored in the model). A cue in a question with no negative sentiment
 * ("do you deliver to Siem Reap?", "mnaleta mpaka Arusha?") is a question about the service, and
 * praise with no cue ("Impressed, thanks @ShopCo!") is praise whatever the context signals say.
 */
export function hasComplaintContent(a: Analysis, s: { label: string; score: number }, wording: number, minWording: number): boolean {
  if (negativeEnough(s)) return true;
  if (a.cues.length > 0) return a.lang === 'en' || a.flags.quest === 0;
  if (s.label === 'positive') return false;
  return a.lang === 'en' && wording >= minWording;
}

/**
 * Negative sentiment as a complaint's reason: labelled negative and out of the neutral band (a model's
 * barely-negative argmax, e.g. a Khmer question's final particle ទេ, is not a reason).
 */
export function negativeEnough(s: { label: string; score: number }): boolean {
  return s.label === 'negative' && s.score <= -NEUTRAL_BAND;
}

/** The English model's wording threshold (see hasComplaintContent); 0.5 for a model trained without one. */
export const MIN_WORDING = Number(MODELS.complaintEn?.meta.minWording ?? 0.5);

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
  // A flag always has a content reason: without a cue or negative sentiment, it was the English model's wording.
  if (flag && reasons.length === 0) reasons.push('complaint wording');
  // Context only matters (and is only reported) for messages flagged as complaints.
  if (flag && tagsBrand(a, ctx.brandHandles)) reasons.push('tags the brand');
  if (flag && ctx.visibility === 'public') reasons.push('public');
  return reasons;
}
