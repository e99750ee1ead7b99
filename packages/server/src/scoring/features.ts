// Sparse hashed features (word unigrams with negation marking, word bigrams, character n-grams
// inside words) shared by training and inference, with the token each feature came from so a
// prediction can be explained word by word.
import { FNV_PRIME, fnv1a, mix } from './hash.ts';
import type { Tok } from './tokenize.ts';

export interface FeatureConfig {
  words: boolean;
  bigrams: boolean;
  charMin: number;
  charMax: number;
  /** Mark words in a negation scope as separate features ("not good" != "good"). */
  negation: boolean;
}

const WORD_BASIS = 0x811c9dc5;
const NEG_SALT = 0x5bd1e995;
const CHAR_BASIS = 0x01234567;

export interface Sparse {
  ids: number[];
  /** index of the token each feature came from (bigrams: the second word) */
  tok: number[];
}

export function sparseFeatures(tokens: Tok[], neg: Uint8Array | null, cfg: FeatureConfig): Sparse {
  const ids: number[] = [];
  const tok: number[] = [];
  let prev = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === 'punct') {
      prev = 0;
      continue;
    }
    const w = t.w;
    const hw = fnv1a(w, WORD_BASIS);
    if (cfg.words) {
      ids.push(neg && cfg.negation && neg[i] ? mix(hw, NEG_SALT) : hw);
      tok.push(i);
    }
    if (cfg.bigrams && prev !== 0) {
      ids.push(mix(prev, hw));
      tok.push(i);
    }
    prev = hw;
    if (t.kind !== 'word' || cfg.charMax === 0) continue;
    // Character n-grams of " word " (padded so prefixes and suffixes are their own features).
    const L = w.length + 2;
    for (let s = 0; s < L; s++) {
      let h = CHAR_BASIS;
      for (let n = 1; n <= cfg.charMax && s + n <= L; n++) {
        const p = s + n - 1;
        const c = p === 0 || p === L - 1 ? 32 : w.charCodeAt(p - 1);
        h = Math.imul(h ^ c, FNV_PRIME);
        if (n >= cfg.charMin && !(n === 1 && c === 32)) {
          ids.push(h >>> 0);
          tok.push(i);
        }
      }
    }
  }
  return { ids, tok };
}
