// Language identification: Unicode script first (Ethiopic -> am, Tamil -> ta, Sinhala -> si,
// Khmer -> km); Latin-script text goes to a small character 2-3-gram + word model (en, sw,
// romanised ta/si/am). Too little text, an unsure model, or the function words of a Latin-script
// language we do not score (latin-other.ts) give "und".
import { dominantScript, SCRIPT_LANG, type Script } from './script.ts';
import type { FeatureConfig } from './features.ts';
import { argmax, softmax } from './linear.ts';
import { tokenize, type Tok } from './tokenize.ts';
import { MODELS } from './models.ts';
import { otherLatinLanguage } from './latin-other.ts';

export const LANGID_FEATURES: FeatureConfig = { words: true, bigrams: false, charMin: 2, charMax: 3, negation: false };
export const LANGID_CLASSES = ['en', 'sw', 'ta', 'si', 'am'];
export const MIN_CONFIDENCE = 0.4;

export interface LangGuess {
  lang: string;
  confidence: number;
  script: Script;
}

/** Tokens that say something about the language: words only (no mentions, URLs, emoji, numbers). */
export function langidTokens(tokens: Tok[]): Tok[] {
  return tokens.filter((t) => t.kind === 'word' && !t.num);
}

/** `tokens` and `script` if the caller has them already (tokenize() counts the scripts as it scans). */
export function identify(text: string, tokens?: Tok[], script: Script = dominantScript(text)): LangGuess {
  const native = SCRIPT_LANG[script];
  if (native) return { lang: native, confidence: 1, script };
  if (script !== 'latin') return { lang: 'und', confidence: 0, script };
  const toks = tokens ?? tokenize(text);
  // Letters of the tokens langidTokens() keeps, counted without building that list, up to the 3 asked for.
  let letters = 0;
  for (let i = 0; i < toks.length && letters < 3; i++) {
    const t = toks[i]!;
    if (t.kind === 'word' && !t.num) letters += t.w.length;
  }
  const model = MODELS.langid;
  if (!model || letters < 3) return { lang: 'und', confidence: 0, script };
  if (otherLatinLanguage(toks)) return { lang: 'und', confidence: 0, script };
  const p = softmax(model.logitsWords(toks));
  const k = argmax(p);
  const confidence = Math.round(p[k]! * 1000) / 1000;
  return confidence < MIN_CONFIDENCE ? { lang: 'und', confidence, script } : { lang: model.classes[k]!, confidence, script };
}
