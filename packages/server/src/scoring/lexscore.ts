// Lexicon scoring with the rules the bare `sentiment` package lacks: negation scope in the
// language's word order, intensifiers, elongation, stems, and per-word attributions.
import type { Tok } from './tokenize.ts';
import { squeeze } from './tokenize.ts';
import type { CompiledLexicon, CueCategory, CueEntry } from './lexicons/index.ts';

export interface LexScore {
  pos: number;
  neg: number;
  total: number;
  negations: number;
  /** token index -> signed contribution */
  contrib: Map<number, number>;
}

export function lookup(lex: CompiledLexicon, t: Tok): number {
  let v = lex.exact.get(t.w);
  if (v !== undefined) return v;
  if (t.kind !== 'word') return 0;
  const key = t.elong ? '\u0001' + t.w : t.w;
  v = lex.memo.get(key);
  if (v !== undefined) return v;
  v = stemLookup(lex, t);
  // Stem matching is the slow part; remember the answer per word (bounded).
  if (lex.memo.size >= 100_000) lex.memo.clear();
  lex.memo.set(key, v);
  return v;
}

function stemLookup(lex: CompiledLexicon, t: Tok): number {
  let v: number | undefined;
  if (t.elong) {
    v = lex.exact.get(squeeze(t.w));
    if (v !== undefined) return v;
  }
  if (t.w.length >= 3) {
    const cands = lex.prefixes.get(t.w.slice(0, 2));
    if (cands) for (const [p, s] of cands) if (t.w.startsWith(p)) return s;
    for (const [p, s] of lex.contains) if (t.w.includes(p)) return s;
  }
  return 0;
}

/** Marks tokens inside a negation scope: up to 3 words after a negator (before-languages) or up to
 * 2 words before it (verb-final languages), never across punctuation. */
export function negationMask(tokens: Tok[], lex: CompiledLexicon): Uint8Array {
  const mask = new Uint8Array(tokens.length);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind !== 'word' || !lex.negators.has(t.w)) continue;
    if (lex.scope !== 'after') {
      for (let j = i + 1; j <= i + 3 && j < tokens.length; j++) {
        const u = tokens[j]!;
        if (u.kind === 'punct') break;
        if (!lex.negators.has(u.w)) mask[j] = 1;
      }
    }
    if (lex.scope !== 'before') {
      for (let j = i - 1; j >= i - 2 && j >= 0; j--) {
        const u = tokens[j]!;
        if (u.kind === 'punct') break;
        if (!lex.negators.has(u.w)) mask[j] = 1;
      }
    }
  }
  return mask;
}

export function lexScore(tokens: Tok[], lex: CompiledLexicon, neg: Uint8Array): LexScore {
  let pos = 0;
  let negSum = 0;
  let negations = 0;
  const contrib = new Map<number, number>();
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind !== 'word' && t.kind !== 'emoji') continue;
    if (t.kind === 'word' && lex.negators.has(t.w)) negations++;
    let s = lookup(lex, t);
    if (s === 0) continue;
    const prev = tokens[i - 1];
    const next = tokens[i + 1];
    if ((prev && lex.intensifiers.has(prev.w)) || (next && lex.intensifiers.has(next.w))) s *= 1.5;
    if (t.elong) s *= 1.3;
    // "not good" is weaker than "bad", so a flip also shrinks (as in VADER's 0.74 factor).
    if (neg[i] && t.kind === 'word') s = -0.75 * s;
    if (s > 0) pos += s;
    else negSum -= s;
    contrib.set(i, (contrib.get(i) ?? 0) + s);
  }
  // Exclamation marks amplify whatever polarity is there.
  let excl = 0;
  for (const t of tokens) if (t.w === '!') excl++;
  const amp = 1 + Math.min(3, excl) * 0.1;
  return { pos: pos * amp, neg: negSum * amp, total: (pos - negSum) * amp, negations, contrib };
}

/** Complaint cue categories present, in CUE order of first appearance. */
export function cueHits(tokens: Tok[], lex: CompiledLexicon): CueCategory[] {
  const words: string[] = [];
  for (const t of tokens) if (t.kind === 'word') words.push(t.w);
  const found = new Set<CueCategory>();
  const { byFirst, byStem, contains } = lex.cues;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const exact = byFirst.get(w);
    if (exact) for (const e of exact) if (!found.has(e.cat) && matchAt(words, i, e)) found.add(e.cat);
    const stems = byStem.get(w.slice(0, 2));
    if (stems) for (const e of stems) if (!found.has(e.cat) && w.startsWith(e.words[0]!)) found.add(e.cat);
    if (contains.length) for (const c of containsIn(lex, w)) found.add(c);
  }
  if (lex.cues.containsPhrases.length) {
    const joined = ' ' + words.join(' ') + ' ';
    for (const [cat, sub] of lex.cues.containsPhrases) if (!found.has(cat) && joined.includes(sub)) found.add(cat);
  }
  return [...found];
}

const NONE: CueCategory[] = [];
/** Categories whose single-word "*stem*" cues occur inside the word (memoised per word). */
function containsIn(lex: CompiledLexicon, w: string): CueCategory[] {
  let r = lex.cueMemo.get(w);
  if (r) return r;
  r = NONE;
  for (const [cat, sub] of lex.cues.contains) if (w.includes(sub)) r = r === NONE ? [cat] : [...r, cat];
  if (lex.cueMemo.size >= 100_000) lex.cueMemo.clear();
  lex.cueMemo.set(w, r);
  return r;
}

function matchAt(words: string[], i: number, e: CueEntry): boolean {
  const n = e.words.length;
  if (i + n > words.length) return false;
  for (let j = 1; j < n; j++) {
    const w = words[i + j]!;
    const c = e.words[j]!;
    if (j === n - 1 && e.prefix ? !w.startsWith(c) : w !== c) return false;
  }
  return true;
}
