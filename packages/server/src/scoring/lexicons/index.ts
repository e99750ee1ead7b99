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
  lang: string;
  exact: Map<string, number>;
  prefixes: Array<[string, number]>;
  contains: Array<[string, number]>;
  negators: Set<string>;
  intensifiers: Set<string>;
  scope: Lexicon['negationScope'];
  cues: Array<[CueCategory, RegExp]>;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** One regex per category over the space-joined tokens (" w1 w2 ... "). */
function cueRegex(entries: string[]): RegExp {
  const alts = entries.map((e) => {
    const pre = e.startsWith('*');
    const suf = e.endsWith('*');
    const core = escapeRe(e.replace(/^\*|\*$/g, ''));
    return (pre ? '' : ' ') + core + (suf ? '' : ' ');
  });
  return new RegExp(alts.join('|'), 'u');
}

export function compile(lex: Lexicon, base: Lexicon | null): CompiledLexicon {
  const exact = new Map<string, number>();
  // English AFINN + emoji under every language: code-mixing with English is the norm in our users' messages.
  for (const [k, v] of Object.entries(AFINN)) exact.set(k, v);
  for (const [k, v] of Object.entries(EMOJI)) exact.set(k, v);
  const prefixes: Array<[string, number]> = [];
  const contains: Array<[string, number]> = [];
  const layers = base && base !== lex ? [base, lex] : [lex];
  for (const layer of layers) {
    for (const [k, v] of Object.entries(layer.words)) {
      if (k.startsWith('*') && k.endsWith('*')) contains.push([k.slice(1, -1), v]);
      else if (k.endsWith('*')) prefixes.push([k.slice(0, -1), v]);
      else exact.set(k, v);
    }
  }
  const negators = new Set([...(base?.negators ?? []), ...lex.negators]);
  const intensifiers = new Set([...(base?.intensifiers ?? []), ...lex.intensifiers]);
  const cats = new Set<CueCategory>([...Object.keys(lex.cues), ...Object.keys(base?.cues ?? {})] as CueCategory[]);
  const cues: Array<[CueCategory, RegExp]> = [];
  for (const c of cats) cues.push([c, cueRegex([...(lex.cues[c] ?? []), ...(base && base !== lex ? base.cues[c] ?? [] : [])])]);
  return { lang: lex.lang, exact, prefixes, contains, negators, intensifiers, scope: lex.negationScope, cues };
}

export const LEXICONS: Record<string, Lexicon> = { en, am, sw, ta, si, km };

const compiled = new Map<string, CompiledLexicon>();
/** Compiled lexicon for a language; unknown languages get the English base (AFINN + emoji + English cues). */
export function lexiconFor(lang: string): CompiledLexicon {
  let c = compiled.get(lang);
  if (!c) {
    const lex = LEXICONS[lang] ?? en;
    c = compile(lex, en);
    compiled.set(lang, c);
  }
  return c;
}
