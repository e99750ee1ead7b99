// Scoring used by the ingest pipeline, the CLI (`npm run -s score`) and the evaluation: language,
// sentiment with the words that moved it, and an explainable complaint flag. Synchronous; models are
// loaded once, at import, from ./models/*.json (built by `npm run train:scoring`).
import { analyze } from './analyze.ts';
import { complaintProbability, complaintReasons, complaintWords, hasComplaintContent, MIN_WORDING, negativeEnough, type ComplaintContext } from './complaint.ts';
import { MODELS } from './models.ts';
import { lexiconSentiment, modelSentiment, NEUTRAL_BAND, pulledModelSentiment, round3, squash, type SentimentLabel } from './sentiment.ts';

export type { SentimentLabel } from './sentiment.ts';
export { AGE_FULL_HOURS, priorityOf, type PriorityInput } from './priority.ts';
export { identify } from './langid.ts';

export interface ScoreInput {
  text: string;
  /** Language if already known (BCP 47 primary tag); detected otherwise. */
  lang?: string;
  /**
   * A network's own guess (X's `lang`, an e-mail's Content-Language), used only when the text does not
   * tell (detection gives `und`): a network's classifier is not built for romanised, code-mixed Tamil,
   * Sinhala or Amharic, and a mail client's header names its user's locale, not the message's language.
   */
  langHint?: string;
  visibility?: 'public' | 'private';
  /** The brand's own handles (without @), to recognise "tags the brand". */
  brandHandles?: string[];
  /**
   * The message is sent to the brand (a direct message, an email, a comment or post on its page, a
   * mention). The English complaint model learnt from tweets, where "sent to a support account" shows
   * as an @mention, and weighs it heavily; a message that reaches the brand another way says so here
   * (complaint.ts: the transfer model for other languages does not use it).
   */
  addressed?: boolean;
}

export interface ScoreResult {
  lang: string;
  sentiment: { label: SentimentLabel; score: number; words: string[] };
  complaint: { flag: boolean; score: number; reasons: string[] };
}

/** How far a sure complaint pulls a sentiment score down beyond the neutral band. */
const COMPLAINT_PULL = 0.6;

export function scoreMessage(input: ScoreInput): ScoreResult {
  const a = analyze(input.text ?? '', input.lang, input.langHint);
  const ctx: ComplaintContext = { visibility: input.visibility, brandHandles: input.brandHandles };
  const trained = MODELS.sentiment[a.lang];
  // A trained model only for the scripts it learnt from (LinearModel.covers).
  const model = trained?.covers(a.script) ? trained : undefined;
  // Sentiment first, as the text says it (the complaint's pull below comes after the content check).
  let sentiment = model ? modelSentiment(a, model) : lexiconSentiment(a);
  // The English complaint model learnt its sentiment signal from the lexicon (numbers do not move it): it gets the same.
  const complaint = complaintProbability(a, model && a.lang !== 'en' ? sentiment.score : squash(a.ls.total), input.addressed);
  // A flag needs something in the text itself: a cue, negative sentiment, or (English) wording the
  // model calls a complaint on its own. Being addressed to the brand, tagging it or being public never makes one alone;
  // without content the score is halved, so it ranks as what it is.
  const content = hasComplaintContent(a, sentiment, complaint.wording, MIN_WORDING);
  // Reasons name the sentiment the text had before a complaint's pull (below), so the pull never reasons for itself.
  const negative = negativeEnough(sentiment);
  const score = round3(content ? complaint.probability : complaint.probability / 2);
  const flag = score >= 0.5;
  if (flag && sentiment.label !== 'negative') {
    // A flagged complaint is pulled at least across the neutral band: with cues and no polarity word
    // ("ගත්ත ෆෝන් එක වැඩ කරන්නේ නැහැ", "the phone I bought doesn't work") it reads negative, not neutral.
    const pull = NEUTRAL_BAND + COMPLAINT_PULL * (2 * complaint.probability - 1);
    sentiment = model ? pulledModelSentiment(sentiment, pull) : lexiconSentiment(a, pull);
    if (sentiment.label === 'negative') for (const w of complaintWords(a, complaint)) if (!sentiment.words.includes(w) && sentiment.words.length < 5) sentiment.words.push(w);
  }
  // A message flagged as a complaint is not praise. The Tamil model (78 % positive data) called an
  // order complaint with no strong negative word ("order innum varala") positive; AFINN reads
  // sarcasm and politeness ("2.5 hours since we ordered... brilliant", "please help, thanks") as
  // praise: 22 of the 24 English training tweets flagged with a positive lexicon score are complaints.
  if (flag && sentiment.label === 'positive') sentiment = { ...sentiment, label: 'neutral' as const, score: Math.min(0, sentiment.score), words: [] };
  return {
    lang: a.lang,
    sentiment: { label: sentiment.label, score: sentiment.score, words: sentiment.words },
    complaint: { flag, score, reasons: complaintReasons(a, negative, flag, ctx) },
  };
}
