// Compiles the hand-written lexicons (plus AFINN-165 and the emoji lexicon shipped with the
// `sentiment` package, our English base) into lookup structures built once at module load.
import { createRequire } from 'node:module';
import type { CueCategory, Lexicon } from './types.ts';
import { en } from './en.ts';
import { am } from './am.ts';
import { sw } from './sw.ts';
import { ta } from './ta.ts';
import { si } from './si.ts';
import { km } from './km.ts';

export { CUE_REASONS } from './types.ts';
export type { CueCategory, Lexicon } from './types.ts';

const require = createRequire(import.meta.url);
const AFINN = require('sentiment/languages/en/labels.json') as Record<string, number>;
const EMOJI = require('sentiment/build/emoji.json') as Record<string, number>;

export interface CompiledLexicon {
  /** small dense number: tags the lexicon's facts in the word table (lexscore.ts) */
  id: number;
  lang: string;
  exact: Map<string, number>;
  /** stems by their first two characters */
  prefixes: Map<string, Array<[string, number]>>;
  contains: Array<[string, number]>;
  negators: Set<string>;
  intensifiers: Set<string>;
  scope: Lexicon['negationScope'];
  negatedStem: RegExp | undefined;
  cues: CueIndex;
  /** per word record id: packed facts (lexscore.ts), allocated on first use */
  info?: Int32Array;
}

export interface CueEntry {
  cat: CueCategory;
  words: string[];
  /** the last word is a stem ("refund*") */
  prefix: boolean;
}

/** Cue phrases indexed for a token walk instead of one big regex (much faster in V8). */
export interface CueIndex {
  byFirst: Map<string, CueEntry[]>;
  byStem: Map<string, CueEntry[]>;
  /** single-word "*stem*" cues, matched inside each word */
  contains: Array<[CueCategory, string]>;
  /** multi-word "*a b*" cues, matched on the joined text */
  containsPhrases: Array<[CueCategory, string]>;
}

function addTo<T>(m: Map<string, T[]>, k: string, v: T): void {
  const a = m.get(k);
  if (a) a.push(v);
  else m.set(k, [v]);
}

function cueIndex(cues: Partial<Record<CueCategory, string[]>>): CueIndex {
  const idx: CueIndex = { byFirst: new Map(), byStem: new Map(), contains: [], containsPhrases: [] };
  for (const [cat, entries] of Object.entries(cues) as Array<[CueCategory, string[]]>) {
    for (const e of entries) {
      if (e.startsWith('*')) {
        const sub = e.replace(/^\*|\*$/g, '');
        (sub.includes(' ') ? idx.containsPhrases : idx.contains).push([cat, sub]);
        continue;
      }
      const prefix = e.endsWith('*');
      const words = e.replace(/\*$/, '').split(' ');
      const entry: CueEntry = { cat, words, prefix };
      if (words.length === 1 && prefix) addTo(idx.byStem, words[0]!.slice(0, 2), entry);
      else addTo(idx.byFirst, words[0]!, entry);
    }
  }
  return idx;
}

let nextId = 0;

export function compile(lex: Lexicon, base: Lexicon | null): CompiledLexicon {
  const exact = new Map<string, number>();
  // English AFINN + emoji under every language: code-mixing with English is the norm in our users' messages.
  for (const [k, v] of Object.entries(AFINN)) exact.set(k, v);
  for (const [k, v] of Object.entries(EMOJI)) exact.set(k, v);
  const prefixes = new Map<string, Array<[string, number]>>();
  const contains: Array<[string, number]> = [];
  const layers = base && base !== lex ? [base, lex] : [lex];
  for (const layer of layers) {
    for (const [k, v] of Object.entries(layer.words)) {
      if (k.startsWith('*') && k.endsWith('*')) contains.push([k.slice(1, -1), v]);
      else if (k.endsWith('*')) addTo(prefixes, k.slice(0, 2), [k.slice(0, -1), v] as [string, number]);
      else exact.set(k, v);
    }
  }
  const negators = new Set([...(base?.negators ?? []), ...lex.negators]);
  const intensifiers = new Set([...(base?.intensifiers ?? []), ...lex.intensifiers]);
  const merged: Partial<Record<CueCategory, string[]>> = {};
  for (const layer of layers) for (const [c, e] of Object.entries(layer.cues) as Array<[CueCategory, string[]]>) merged[c] = [...(merged[c] ?? []), ...e];
  const cues = cueIndex(merged);
  return { id: nextId++, lang: lex.lang, exact, prefixes, contains, negators, intensifiers, scope: lex.negationScope, negatedStem: lex.negatedStem, cues };
}

export const LEXICONS: Record<string, Lexicon> = { en, am, sw, ta, si, km };

const compiled = new Map<string, CompiledLexicon>();
const byLexicon = new Map<Lexicon, CompiledLexicon>();
/** Compiled lexicon for a language; unknown languages get the English base (AFINN + emoji + English cues). */
export function lexiconFor(lang: string): CompiledLexicon {
  let c = compiled.get(lang);
  if (!c) {
    const lex = (Object.hasOwn(LEXICONS, lang) ? LEXICONS[lang] : undefined) ?? en;
    // Every unknown language shares the English one (bounded, and one set of per-word records).
    c = byLexicon.get(lex) ?? compile(lex, en);
    byLexicon.set(lex, c);
    if (compiled.size < 1000) compiled.set(lang, c);
  }
  return c;
}
