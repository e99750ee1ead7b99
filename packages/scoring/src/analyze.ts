// One pass over a message that every later step reuses: tokens, language, lexicon hits,
// negation scopes and complaint cues.
import { tokenize, type Tok } from './tokenize.ts';
import { identify } from './langid.ts';
import { dominantOf, scriptCounter, type Script } from './script.ts';
import { lexiconFor, type CompiledLexicon, type CueCategory } from './lexicons/index.ts';
import { cueHits, lexScore, negationMask, tokenFacts, type LexScore } from './lexscore.ts';
import { tokenFlags, type Flags } from './signals.ts';

export interface Analysis {
  text: string;
  tokens: Tok[];
  lang: string;
  /** the dominant script (script.ts) */
  script: Script;
  lex: CompiledLexicon;
  /** tokens in a negation scope: `neg[i] === 1` (empty when the message has no negator) */
  neg: Uint8Array;
  ls: LexScore;
  cues: CueCategory[];
  /** punctuation, elongation, mention and URL flags (signals.ts), for both models */
  flags: Flags;
}

/** Normalises a BCP 47 tag to its primary subtag ("sw-KE" -> "sw", "AM" -> "am"). */
export function primaryTag(lang: string): string {
  return lang.trim().toLowerCase().split(/[-_]/)[0] ?? '';
}

const scripts = scriptCounter();

/** `lang`: the language, if known; `hint`: a weaker guess, taken only where detection says `und`. */
export function analyze(text: string, lang?: string, hint?: string): Analysis {
  const tokens = tokenize(text, scripts);
  const script = dominantOf(scripts);
  const given = lang ? primaryTag(lang) : '';
  const guess = given ? undefined : identify(text, tokens, script);
  const l = given || (guess!.lang === 'und' && hint ? primaryTag(hint) || 'und' : guess!.lang);
  const lex = lexiconFor(l);
  const facts = tokenFacts(tokens, lex);
  const neg = negationMask(tokens, lex, facts);
  return { text, tokens, lang: l, script, lex, neg, ls: lexScore(tokens, lex, neg, facts), cues: cueHits(tokens, lex, facts), flags: tokenFlags(tokens) };
}
