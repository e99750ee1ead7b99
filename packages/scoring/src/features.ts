// Sparse hashed features (word unigrams with negation marking, word bigrams, character n-grams
// inside words) shared by training and inference, with the token each feature came from so a
// prediction can be explained word by word. Ids are 30-bit so V8 keeps them as small integers
// (no heap numbers in the hot loop); output goes to reused typed-array buffers.
import { FNV_PRIME as PRIME, fnv1a as fnv1aImported, mix as mixImported } from './hash.ts';
import type { Tok } from './tokenize.ts';

export interface FeatureConfig {
  words: boolean;
  bigrams: boolean;
  charMin: number;
  charMax: number;
  /** Mark words in a negation scope as separate features ("not good" != "good"). */
  negation: boolean;
}

// Local copies of the imports: when a loader compiles modules to CommonJS, every use of an imported
// binding is a getter call, which shows up in the per-character loops below.
const FNV_PRIME = PRIME;
const fnv1a = fnv1aImported;
const mix = mixImported;
const WORD_BASIS = 0x811c9dc5;
const NEG_SALT = 0x5bd1e995;
const CHAR_BASIS = 0x01234567;
const MASK = 0x3fffffff;

export interface Sparse {
  n: number;
  ids: Int32Array;
  /** index of the token each feature came from (bigrams: the second word) */
  tok: Int32Array;
}

let bufIds = new Int32Array(4096);
let bufTok = new Int32Array(4096);

function grow(need: number): void {
  if (need <= bufIds.length) return;
  let cap = bufIds.length;
  while (cap < need) cap *= 2;
  const a = new Int32Array(cap);
  a.set(bufIds);
  const b = new Int32Array(cap);
  b.set(bufTok);
  bufIds = a;
  bufTok = b;
}

export function wordHash(w: string): number {
  return fnv1a(w, WORD_BASIS);
}

/** The unigram id of a word inside a negation scope. */
export function negatedUnigram(hw: number): number {
  return mix(hw, NEG_SALT) & MASK;
}

export function bigramId(prevHash: number, hash: number): number {
  return mix(prevHash, hash) & MASK;
}

/**
 * The features of one token that don't depend on its neighbours (word unigram, with negation
 * marking, and character n-grams), written to out[at...]; returns the new end. Shared by
 * sparseFeatures (training) and LinearModel's per-token cache (inference), so both see the same ids.
 */
export function tokenFeatures(t: Tok, hw: number, negated: boolean, cfg: FeatureConfig, out: Int32Array, at: number): number {
  let n = at;
  if (cfg.words) out[n++] = negated && cfg.negation ? negatedUnigram(hw) : hw & MASK;
  if (t.kind !== 'word' || cfg.charMax === 0) return n;
  const w = t.w;
  // Character n-grams of " word " (padded so prefixes and suffixes are their own features).
  const L = w.length + 2;
  for (let s = 0; s < L; s++) {
    let h = CHAR_BASIS;
    for (let k = 1; k <= cfg.charMax && s + k <= L; k++) {
      const p = s + k - 1;
      const c = p === 0 || p === L - 1 ? 32 : w.charCodeAt(p - 1);
      h = Math.imul(h ^ c, FNV_PRIME);
      if (k >= cfg.charMin && !(k === 1 && c === 32)) out[n++] = h & MASK;
    }
  }
  return n;
}

/** Upper bound on tokenFeatures' count for one token. */
export function tokenBound(t: Tok, cfg: FeatureConfig): number {
  return 2 + (t.w.length + 2) * cfg.charMax;
}

/** Features of one message. The arrays are scratch space reused by the next call: copy to keep. */
export function sparseFeatures(tokens: Tok[], neg: Uint8Array | null, cfg: FeatureConfig): Sparse {
  let bound = 0;
  for (const t of tokens) bound += tokenBound(t, cfg);
  grow(bound);
  const ids = bufIds;
  const tok = bufTok;
  let n = 0;
  let prev = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === 'punct') {
      prev = 0;
      continue;
    }
    const hw = wordHash(t.w);
    const start = n;
    n = tokenFeatures(t, hw, neg !== null && neg[i] === 1, cfg, ids, n);
    for (let j = start; j < n; j++) tok[j] = i;
    if (cfg.bigrams && prev !== 0) {
      ids[n] = bigramId(prev, hw);
      tok[n++] = i;
    }
    prev = hw;
  }
  return { n, ids, tok };
}

/** A copy of the ids (for training, where every example is kept). */
export function keep(x: Sparse): Int32Array {
  return x.ids.slice(0, x.n);
}
