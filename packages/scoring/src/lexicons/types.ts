// Hand-written cue lexicons, one file per language. They serve three purposes:
// (1) the whole sentiment model for languages without labelled data (si, km),
// (2) dense features for the trained models (am, sw, ta), and
// (3) complaint cues that transfer the English complaint model to other languages.
//
// Syntax of entries: "word" matches the whole token; "stem*" matches tokens starting with stem
// (morphology: Swahili, Amharic and Tamil glue prefixes and suffixes to stems). Cue phrases may hold
// several words ("never arrived", "pesa yangu*"); for Ethiopic, Tamil and Sinhala script "*stem*"
// also matches inside a token, since clitics attach on both sides.

export type CueCategory = 'delivery' | 'refund' | 'failure' | 'waiting' | 'billing' | 'fraud' | 'anger';

export const CUE_REASONS: Record<CueCategory, string> = {
  delivery: 'delivery problem',
  refund: 'refund demand',
  failure: 'product or service failure',
  waiting: 'waiting without response',
  billing: 'billing problem',
  fraud: 'fraud or scam claim',
  anger: 'angry or threatening to leave',
};

export interface Lexicon {
  lang: string;
  /** Words that flip the polarity of nearby sentiment words. */
  negators: string[];
  /** Where a negator sits relative to the word it negates: English/Swahili/Khmer put it before;
   *  Amharic, Tamil and Sinhala (verb-final) after ("nalla illa" = good not). */
  negationScope: 'before' | 'after' | 'both';
  intensifiers: string[];
  /** What may stand before a polarity stem matched inside a word ("*ridhik*") and negate it: Swahili
   *  marks a negative verb with its subject prefix (si-ja-ridhika "I am not yet satisfied", ha-pendi
   *  "she does not like"). Such a word takes the opposite polarity; a negated negative one is neutral. */
  negatedStem?: RegExp;
  /** Polarity words, AFINN scale -5..5. */
  words: Record<string, number>;
  cues: Partial<Record<CueCategory, string[]>>;
}
