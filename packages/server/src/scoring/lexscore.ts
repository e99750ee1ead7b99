// Lexicon scoring with the rules the bare `sentiment` package lacks: negation scope in the
// language's word order, intensifiers, elongation, stems, and per-word attributions.
// Everything a lexicon says about one token text is worked out once and kept on its WordRec
// (words.ts), so scoring a message is a walk over its tokens with no Map/Set lookups.
import type { Tok } from './tokenize.ts';
import { squeeze } from './tokenize.ts';
import type { CompiledLexicon, CueCategory, CueEntry } from './lexicons/index.ts';
import type { LexRec } from './words.ts';

export interface LexScore {
  pos: number;
  neg: number;
  total: number;
  negations: number;
  /** token index -> signed contribution */
  contrib: Map<number, number>;
}

/** Cue categories by bit index (the order of CueCategory in signals.ts). */
const CATS: CueCategory[] = ['delivery', 'refund', 'failure', 'waiting', 'billing', 'fraud', 'anger'];
const CAT_BIT: Record<CueCategory, number> = { delivery: 0, refund: 1, failure: 2, waiting: 3, billing: 4, fraud: 5, anger: 6 };

/** The lexicon's facts about a token's text (computed on first sight, then kept on the word record). */
export function lexRec(lex: CompiledLexicon, t: Tok): LexRec {
  const r = t.r;
  let x = r.lex[lex.id];
  if (x !== undefined) return x;
  const w = t.w;
  const exact = lex.exact.get(w);
  const score = exact !== undefined ? exact : t.kind !== 'word' ? 0 : stemLookup(lex, w, false);
  const cats: number[] = [];
  const stems = lex.cues.byStem.get(w.slice(0, 2));
  if (stems) for (const e of stems) if (w.startsWith(e.words[0]!)) cats.push(CAT_BIT[e.cat]);
  for (const [cat, sub] of lex.cues.contains) if (w.includes(sub)) cats.push(CAT_BIT[cat]);
  x = {
    score,
    scoreElong: exact !== undefined ? exact : NaN,
    negator: lex.negators.has(w),
    intensifier: lex.intensifiers.has(w),
    first: lex.cues.byFirst.get(w),
    cats,
  };
  r.lex[lex.id] = x;
  return x;
}

export function lookup(lex: CompiledLexicon, t: Tok): number {
  const x = lexRec(lex, t);
  if (!t.elong) return x.score;
  if (Number.isNaN(x.scoreElong)) x.scoreElong = t.kind !== 'word' ? 0 : stemLookup(lex, t.w, true);
  return x.scoreElong;
}

function stemLookup(lex: CompiledLexicon, w: string, elong: boolean): number {
  let v: number | undefined;
  if (elong) {
    v = lex.exact.get(squeeze(w));
    if (v !== undefined) return v;
  }
  if (w.length >= 3) {
    const cands = lex.prefixes.get(w.slice(0, 2));
    if (cands) for (const [p, s] of cands) if (w.startsWith(p)) return s;
    for (const [p, s] of lex.contains) if (w.includes(p)) return s;
  }
  return 0;
}

/** Marks tokens inside a negation scope: up to 3 words after a negator (before-languages) or up to
 * 2 words before it (verb-final languages), never across punctuation. */
export function negationMask(tokens: Tok[], lex: CompiledLexicon): Uint8Array {
  const T = tokens.length;
  const mask = new Uint8Array(T);
  const isNeg = negBuf(T);
  let any = false;
  for (let i = 0; i < T; i++) {
    const v = lexRec(lex, tokens[i]!).negator;
    isNeg[i] = v ? 1 : 0;
    if (v) any = true;
  }
  if (!any) return mask;
  for (let i = 0; i < T; i++) {
    if (isNeg[i] === 0 || tokens[i]!.kind !== 'word') continue;
    if (lex.scope !== 'after') {
      for (let j = i + 1; j <= i + 3 && j < T; j++) {
        if (tokens[j]!.kind === 'punct') break;
        if (isNeg[j] === 0) mask[j] = 1;
      }
    }
    if (lex.scope !== 'before') {
      for (let j = i - 1; j >= i - 2 && j >= 0; j--) {
        if (tokens[j]!.kind === 'punct') break;
        if (isNeg[j] === 0) mask[j] = 1;
      }
    }
  }
  return mask;
}

let negScratch = new Uint8Array(256);
function negBuf(n: number): Uint8Array {
  if (n > negScratch.length) negScratch = new Uint8Array(n * 2);
  return negScratch;
}

export function lexScore(tokens: Tok[], lex: CompiledLexicon, neg: Uint8Array): LexScore {
  let pos = 0;
  let negSum = 0;
  let negations = 0;
  let excl = 0;
  const contrib = new Map<number, number>();
  const T = tokens.length;
  for (let i = 0; i < T; i++) {
    const t = tokens[i]!;
    if (t.kind !== 'word' && t.kind !== 'emoji') {
      if (t.w === '!') excl++;
      continue;
    }
    const x = lexRec(lex, t);
    if (t.kind === 'word' && x.negator) negations++;
    let s = t.elong ? lookup(lex, t) : x.score;
    if (s === 0) continue;
    if ((i > 0 && lexRec(lex, tokens[i - 1]!).intensifier) || (i + 1 < T && lexRec(lex, tokens[i + 1]!).intensifier)) s *= 1.5;
    if (t.elong) s *= 1.3;
    // "not good" is weaker than "bad", so a flip also shrinks (as in VADER's 0.74 factor).
    if (neg[i] && t.kind === 'word') s = -0.75 * s;
    if (s > 0) pos += s;
    else negSum -= s;
    contrib.set(i, s);
  }
  // Exclamation marks amplify whatever polarity is there.
  const amp = 1 + Math.min(3, excl) * 0.1;
  return { pos: pos * amp, neg: negSum * amp, total: (pos - negSum) * amp, negations, contrib };
}

/** Complaint cue categories present, in order of first appearance. */
export function cueHits(tokens: Tok[], lex: CompiledLexicon): CueCategory[] {
  let found = 0;
  const out: CueCategory[] = [];
  let words: Tok[] | undefined;
  for (let i = 0, wi = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind !== 'word') continue;
    const x = lexRec(lex, t);
    if (x.first !== undefined) {
      words ??= tokens.filter((u) => u.kind === 'word');
      for (const e of x.first as CueEntry[]) {
        const b = 1 << CAT_BIT[e.cat];
        if ((found & b) === 0 && matchAt(words, wi, e)) {
          found |= b;
          out.push(e.cat);
        }
      }
    }
    for (const c of x.cats) {
      const b = 1 << c;
      if ((found & b) === 0) {
        found |= b;
        out.push(CATS[c]!);
      }
    }
    wi++;
  }
  if (lex.cues.containsPhrases.length) {
    const joined = ' ' + tokens.filter((t) => t.kind === 'word').map((t) => t.w).join(' ') + ' ';
    for (const [cat, sub] of lex.cues.containsPhrases) {
      const b = 1 << CAT_BIT[cat];
      if ((found & b) === 0 && joined.includes(sub)) {
        found |= b;
        out.push(cat);
      }
    }
  }
  return out;
}

function matchAt(words: Tok[], i: number, e: CueEntry): boolean {
  const n = e.words.length;
  if (i + n > words.length) return false;
  for (let j = 1; j < n; j++) {
    const w = words[i + j]!.w;
    const c = e.words[j]!;
    if (j === n - 1 && e.prefix ? !w.startsWith(c) : w !== c) return false;
  }
  return true;
}
