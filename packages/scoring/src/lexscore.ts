// Lexicon scoring with the rules the bare `sentiment` package lacks: negation scope in the
// language's word order, intensifiers, elongation, stems, and per-word attributions.
// Everything a lexicon says about one token text is worked out once and kept in the word table
// (words.ts), so scoring a message is a walk over its tokens with no Map/Set lookups.
import type { Tok } from './tokenize.ts';
import { squeeze } from './tokenize.ts';
import type { CompiledLexicon, CueCategory, CueEntry } from './lexicons/index.ts';
import { fnv1a } from './hash.ts';
import { FACTS_COLS, hash2, onWordsCleared, ROW32, SLOTS, WORD_BASIS, WORDS, WORDS_LIMIT } from './words.ts';

export interface LexScore {
  pos: number;
  neg: number;
  total: number;
  negations: number;
  /** signed contribution per token index (0 = none) */
  contrib: number[];
}

/** Cue categories by bit index (the order of CueCategory in signals.ts). */
const CATS: CueCategory[] = ['delivery', 'refund', 'failure', 'waiting', 'billing', 'fraud', 'anger'];
const CAT_BIT: Record<CueCategory, number> = { delivery: 0, refund: 1, failure: 2, waiting: 3, billing: 4, fraud: 5, anger: 6 };

/**
 * Which of a list of substrings occur in a word: the substrings are indexed by their first
 * character, so a word costs one lookup per character instead of one `includes` per substring.
 */
class SubIndex {
  private readonly byFirst = new Map<number, Array<[number, string]>>();
  private readonly first = new Uint8Array(65536);
  /** one bit per hashed pair of first two characters of the substrings (one-character substrings set
   * `single` instead): most positions whose first character matches are ruled out without the Map */
  private readonly pairs = new Int32Array(PAIR_BITS >>> 5);
  private single = false;
  constructor(subs: string[]) {
    subs.forEach((sub, i) => {
      if (sub.length === 0) return;
      const c = sub.charCodeAt(0);
      this.first[c] = 1;
      if (sub.length === 1) this.single = true;
      else {
        const h = pairHash(c, sub.charCodeAt(1));
        this.pairs[h >>> 5]! |= 1 << (h & 31);
      }
      const a = this.byFirst.get(c);
      if (a) a.push([i, sub]);
      else this.byFirst.set(c, [[i, sub]]);
    });
  }
  /** Indices (ascending, distinct) of the substrings found in w. */
  find(w: string): number[] {
    let out: number[] | undefined;
    if (this.byFirst.size === 0) return NONE;
    const first = this.first;
    const pairs = this.pairs;
    const single = this.single;
    for (let p = 0; p < w.length; p++) {
      const c = w.charCodeAt(p);
      if (first[c] === 0) continue;
      if (!single) {
        if (p + 1 >= w.length) break;
        const h = pairHash(c, w.charCodeAt(p + 1));
        if ((pairs[h >>> 5]! & (1 << (h & 31))) === 0) continue;
      }
      const a = this.byFirst.get(c);
      if (a === undefined) continue;
      for (const [i, sub] of a) if (w.startsWith(sub, p) && !(out ??= []).includes(i)) out.push(i);
    }
    if (out === undefined) return NONE;
    if (out.length > 1) out.sort((x, y) => x - y);
    return out;
  }
}
const PAIR_BITS = 1 << 16;
function pairHash(a: number, b: number): number {
  return (Math.imul(a, 0x9e3779b1) ^ b) & (PAIR_BITS - 1);
}
const NONE: number[] = [];
const subIndexes = new WeakMap<CompiledLexicon, { words: SubIndex; cues: SubIndex }>();
function subIndex(lex: CompiledLexicon): { words: SubIndex; cues: SubIndex } {
  let x = subIndexes.get(lex);
  if (!x) {
    x = { words: new SubIndex(lex.contains.map(([p]) => p)), cues: new SubIndex(lex.cues.contains.map(([, sub]) => sub)) };
    subIndexes.set(lex, x);
  }
  return x;
}

// What a lexicon says about a token text, packed in one int per (lexicon, word):
// bit 0 computed, 1 negator, 2 intensifier, 3 starts a cue phrase (byFirst), 4 ends with the head of
// an in-text cue phrase, bits 8-11 polarity + 8 (all lexicon values are integers in -5..5), bits
// 12-27 up to four cue categories (1 + bit index, 4 bits each, in match order). Bits 28-30 are free
// for the lexicon's tag in the word table (info()).
const F_DONE = 1, F_NEG = 2, F_INT = 4, F_FIRST = 8, F_HEAD = 16;
const FACTS_MASK = (1 << 28) - 1;
const infos: Int32Array[] = [];
const moreCats = new Map<string, number[]>();
const elongScores = new Map<string, number>();
onWordsCleared(() => {
  for (const a of infos) a.fill(0);
  moreCats.clear();
  elongScores.clear();
});

function infoArray(lex: CompiledLexicon): Int32Array {
  let a = lex.info;
  if (a === undefined) infos.push((a = lex.info = new Int32Array(WORDS_LIMIT)));
  return a;
}

/** Injective number for a string's first two UTF-16 units (the key of the prefix buckets). */
function key2(w: string): number {
  return w.length >= 2 ? w.charCodeAt(0) * 65536 + w.charCodeAt(1) : w.length === 1 ? -1 - w.charCodeAt(0) : -1e9;
}

/**
 * Whole-word facts keyed by the two hashes the word table uses (words.ts; the tokenizer already
 * computed the first): a new word costs one probe of one typed array. A Map keyed by the word's string had
 * to hash and compare the fresh string and cost ~10 % of all scoring time in profiles (about two new
 * words per message). Open addressing, linear probing, load ≤ 1/2, rows of [hash, hash2, facts]
 * (facts are never 0, so 0 marks an empty row).
 */
class FactTable {
  private readonly rows: Int32Array;
  /** one bit per row: in use. 2 KB for ~4,000 words, so it stays in cache where the rows (200 KB) do
   * not, and a new word that is in no lexicon (most are) usually finds its first row empty here. */
  private readonly used: Int32Array;
  private readonly mask: number;
  constructor(facts: Map<string, number>) {
    let size = 32;
    while (size < facts.size * 2) size *= 2;
    this.mask = size - 1;
    this.rows = new Int32Array(size * 3);
    this.used = new Int32Array(size >>> 5);
    for (const [w, v] of facts) {
      const hw = fnv1a(w, WORD_BASIS) | 0;
      const g = hash2(w, 0, w.length);
      let i = (hw ^ (hw >>> 15)) & this.mask;
      // Two words with both hashes equal (odds ~10^-9 a pair) are one word in the word table too: merge.
      while (this.rows[i * 3 + 2] !== 0 && !(this.rows[i * 3] === hw && this.rows[i * 3 + 1] === g)) i = (i + 1) & this.mask;
      this.rows[i * 3] = hw;
      this.rows[i * 3 + 1] = g;
      this.rows[i * 3 + 2] = this.rows[i * 3 + 2]! | v;
      this.used[i >>> 5]! |= 1 << (i & 31);
    }
  }
  /** The facts of the word with hashes hw (signed) and g; 0 if it has none. */
  get(hw: number, g: number): number {
    const rows = this.rows;
    let i = (hw ^ (hw >>> 15)) & this.mask;
    if ((this.used[i >>> 5]! & (1 << (i & 31))) === 0) return 0;
    for (;;) {
      const v = rows[i * 3 + 2]!;
      if (v === 0) return 0;
      if (rows[i * 3] === hw && rows[i * 3 + 1] === g) return v;
      i = (i + 1) & this.mask;
    }
  }
}

/** Per lexicon, built once: a table of everything known about whole words, prefix buckets by number. */
interface Fast {
  /** bit 0 exact polarity present (bits 8-11 = polarity + 8), F_NEG, F_INT, F_FIRST */
  facts: FactTable;
  prefixes: Map<number, Array<[string, number]>>;
  stems: Map<number, CueEntry[]>;
  /** first parts of the in-text cue phrases ("pesa yangu" -> "pesa"), by their last character: a new
   * word is compared only with the heads it could end with (Tamil and Sinhala have ~20 of them) */
  heads: Map<number, string[]>;
  /** some phrase starts with a space (an empty head): every word ends with it */
  anyHead: boolean;
}
const fasts = new WeakMap<CompiledLexicon, Fast>();
function fast(lex: CompiledLexicon): Fast {
  let f = fasts.get(lex);
  if (f) return f;
  const facts = new Map<string, number>();
  const or = (w: string, bits: number): void => void facts.set(w, (facts.get(w) ?? 0) | bits);
  for (const [w, v] of lex.exact) {
    if (!Number.isInteger(v) || v < -8 || v > 7) throw new Error(`lexicon ${lex.lang}: ${w} = ${v} (integers -8..7 only)`);
    or(w, 1 | ((v + 8) << 8));
  }
  for (const w of lex.negators) or(w, F_NEG);
  for (const w of lex.intensifiers) or(w, F_INT);
  for (const w of lex.cues.byFirst.keys()) or(w, F_FIRST);
  const prefixes = new Map<number, Array<[string, number]>>();
  for (const [k, v] of lex.prefixes) prefixes.set(key2(k), v);
  const stems = new Map<number, CueEntry[]>();
  for (const [k, v] of lex.cues.byStem) stems.set(key2(k), v);
  const heads = new Map<number, string[]>();
  let anyHead = false;
  for (const [, sub] of lex.cues.containsPhrases) {
    const h = sub.slice(0, sub.indexOf(' '));
    if (h.length === 0) {
      anyHead = true;
      continue;
    }
    const k = h.charCodeAt(h.length - 1);
    const list = heads.get(k);
    if (list) list.push(h);
    else heads.set(k, [h]);
  }
  f = { facts: new FactTable(facts), prefixes, stems, heads, anyHead };
  fasts.set(lex, f);
  return f;
}

function computeInfo(lex: CompiledLexicon, t: Tok): number {
  const fx = fast(lex);
  const w = t.w;
  const kind = t.kind;
  // The word's second hash is in its table row (words.ts), unless the table was emptied since.
  const g = t.gen === WORDS.gen ? SLOTS[t.slot * ROW32 + 1]! : hash2(w, 0, w.length);
  const known = fx.facts.get(t.hw, g);
  const score = (known & 1) !== 0 ? ((known >> 8) & 15) - 8 : kind !== 'word' ? 0 : stemLookup(lex, w, false);
  if (!Number.isInteger(score) || score < -8 || score > 7) throw new Error(`lexicon ${lex.lang}: ${w} = ${score} (integers -8..7 only)`);
  const cats: number[] = [];
  const stems = fx.stems.get(key2(w));
  if (stems) for (const e of stems) if (w.startsWith(e.words[0]!)) cats.push(CAT_BIT[e.cat]);
  for (const i of subIndex(lex).cues.find(w)) cats.push(CAT_BIT[lex.cues.contains[i]![0]]);
  let v = F_DONE | ((score + 8) << 8) | (known & (F_NEG | F_INT | F_FIRST));
  if (fx.anyHead) v |= F_HEAD;
  else {
    const hs = w.length > 0 ? fx.heads.get(w.charCodeAt(w.length - 1)) : undefined;
    if (hs) for (const h of hs) if (w.endsWith(h)) v |= F_HEAD;
  }
  for (let i = 0; i < cats.length && i < 4; i++) v |= (cats[i]! + 1) << (12 + 4 * i);
  if (cats.length > 4) moreCats.set(lex.id + '\u0000' + w, cats);
  return v;
}

/** The lexicon's facts about a token's text (computed on first sight, then one read). */
function info(lex: CompiledLexicon, t: Tok): number {
  if (t.gen !== WORDS.gen) return computeInfo(lex, t); // the table was emptied after this token was made
  // The first four lexicons to look at a word keep their facts in the word's own table row (in
  // cache: the tokenizer just read it), tagged with the lexicon; any other one in an array by word id.
  const row = t.slot * ROW32;
  const tag = lex.id + 1;
  if (tag < 8) {
    for (const c of FACTS_COLS) {
      const v = SLOTS[row + c]!;
      if (v === 0) {
        const x = computeInfo(lex, t);
        SLOTS[row + c] = x | (tag << 28);
        return x;
      }
      if (v >>> 28 === tag) return v & FACTS_MASK;
    }
  }
  const a = infoArray(lex);
  let x = a[t.id]!;
  if (x === 0) x = a[t.id] = computeInfo(lex, t);
  return x;
}

function scoreOf(v: number): number {
  return ((v >> 8) & 15) - 8;
}

function catsOf(lex: CompiledLexicon, t: Tok, v: number): number[] {
  if ((v >>> 12) === 0) return NONE;
  const more = moreCats.get(lex.id + '\u0000' + t.w);
  if (more) return more;
  const out: number[] = [];
  for (let i = 0; i < 4; i++) {
    const c = (v >>> (12 + 4 * i)) & 15;
    if (c === 0) break;
    out.push(c - 1);
  }
  return out;
}

export function lookup(lex: CompiledLexicon, t: Tok): number {
  const v = info(lex, t);
  if (!t.elong) return scoreOf(v);
  const key = lex.id + '\u0000' + t.w;
  let s = elongScores.get(key);
  if (s === undefined) {
    const exact = lex.exact.get(t.w);
    s = exact !== undefined ? exact : t.kind !== 'word' ? 0 : stemLookup(lex, t.w, true);
    if (elongScores.size >= 100_000) elongScores.clear();
    elongScores.set(key, s);
  }
  return s;
}

function stemLookup(lex: CompiledLexicon, w: string, elong: boolean): number {
  let v: number | undefined;
  if (elong) {
    v = lex.exact.get(squeeze(w));
    if (v !== undefined) return v;
  }
  if (w.length >= 3) {
    const cands = fast(lex).prefixes.get(key2(w));
    if (cands) for (const [p, s] of cands) if (w.startsWith(p)) return s;
    const found = subIndex(lex).words.find(w);
    if (found.length) {
      const [sub, v] = lex.contains[found[0]!]!;
      const at = lex.negatedStem ? w.indexOf(sub) : 0;
      return at > 0 && lex.negatedStem!.test(w.slice(0, at)) ? (v > 0 ? -v : 0) : v;
    }
  }
  return 0;
}

/** The mask of a message with no negator (most messages): no array to allocate. Empty, so every index reads undefined, never 1. */
const NOTHING_NEGATED = new Uint8Array(0);

/** Marks tokens inside a negation scope (1): up to 3 words after a negator (before-languages) or up
 * to 2 words before it (verb-final languages), never across punctuation. Read it as `mask[i] === 1`
 * (truthy): a message without a negator gets an empty mask. */
export function negationMask(tokens: Tok[], lex: CompiledLexicon, facts: Int32Array = tokenFacts(tokens, lex)): Uint8Array {
  const T = tokens.length;
  let any = false;
  for (let i = 0; i < T; i++) if ((facts[i]! & F_NEG) !== 0) any = true;
  if (!any) return NOTHING_NEGATED;
  const isNeg = (j: number): boolean => (facts[j]! & F_NEG) !== 0;
  const mask = new Uint8Array(T);
  for (let i = 0; i < T; i++) {
    if (!isNeg(i) || tokens[i]!.kind !== 'word') continue;
    if (lex.scope !== 'after') {
      for (let j = i + 1; j <= i + 3 && j < T; j++) {
        if (tokens[j]!.kind === 'punct') break;
        if (!isNeg(j)) mask[j] = 1;
      }
    }
    if (lex.scope !== 'before') {
      for (let j = i - 1; j >= i - 2 && j >= 0; j--) {
        if (tokens[j]!.kind === 'punct') break;
        if (!isNeg(j)) mask[j] = 1;
      }
    }
  }
  return mask;
}

let factsBuf = new Int32Array(256);
/**
 * What the lexicon says about every token of a message (info()), in a reused buffer valid until the
 * next call: analyze() reads it once for negation, lexicon score and cues (each looked it up itself
 * before); called alone, each of them gets its own.
 */
export function tokenFacts(tokens: Tok[], lex: CompiledLexicon): Int32Array {
  if (tokens.length > factsBuf.length) factsBuf = new Int32Array(tokens.length * 2);
  const f = factsBuf;
  for (let i = 0; i < tokens.length; i++) f[i] = info(lex, tokens[i]!);
  return f;
}

export function lexScore(tokens: Tok[], lex: CompiledLexicon, neg: Uint8Array, facts: Int32Array = tokenFacts(tokens, lex)): LexScore {
  let pos = 0;
  let negSum = 0;
  let negations = 0;
  let excl = 0;
  const T = tokens.length;
  const contrib: number[] = new Array<number>(T).fill(0);
  for (let i = 0; i < T; i++) {
    const t = tokens[i]!;
    if (t.kind !== 'word' && t.kind !== 'emoji') {
      if (t.w === '!') excl++;
      continue;
    }
    const x = facts[i]!;
    if (t.kind === 'word' && (x & F_NEG) !== 0) negations++;
    let s = t.elong ? lookup(lex, t) : scoreOf(x);
    if (s === 0) continue;
    if ((i > 0 && (facts[i - 1]! & F_INT) !== 0) || (i + 1 < T && (facts[i + 1]! & F_INT) !== 0)) s *= 1.5;
    if (t.elong) s *= 1.3;
    // "not good" is weaker than "bad", so a flip also shrinks (as in VADER's 0.74 factor).
    if (neg[i] && t.kind === 'word') s = -0.75 * s;
    if (s > 0) pos += s;
    else negSum -= s;
    contrib[i] = s;
  }
  // Exclamation marks amplify whatever polarity is there.
  const amp = 1 + Math.min(3, excl) * 0.1;
  return { pos: pos * amp, neg: negSum * amp, total: (pos - negSum) * amp, negations, contrib };
}

/** Complaint cue categories present, in order of first appearance. */
export function cueHits(tokens: Tok[], lex: CompiledLexicon, facts: Int32Array = tokenFacts(tokens, lex)): CueCategory[] {
  let found = 0;
  const out: CueCategory[] = [];
  let words: Tok[] | undefined;
  let head = false;
  for (let i = 0, wi = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind !== 'word') continue;
    const x = facts[i]!;
    if ((x & F_HEAD) !== 0) head = true;
    if ((x & F_FIRST) !== 0) {
      words ??= tokens.filter((u) => u.kind === 'word');
      for (const e of lex.cues.byFirst.get(t.w)!) {
        const b = 1 << CAT_BIT[e.cat];
        if ((found & b) === 0 && matchAt(words, wi, e)) {
          found |= b;
          out.push(e.cat);
        }
      }
    }
    for (const c of catsOf(lex, t, x)) {
      const b = 1 << c;
      if ((found & b) === 0) {
        found |= b;
        out.push(CATS[c]!);
      }
    }
    wi++;
  }
  // A phrase can only be found if some word ends with its first part.
  if (head && lex.cues.containsPhrases.length) {
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

/**
 * The words that made complaint cues fire, in message order, each once (at most `max`): the
 * explanation of a sentiment that the complaint model pulled negative where the lexicon saw no
 * polarity word (si, km: "ඇණවුම තාම ලැබුණේ නැහැ" is a complaint through its cues alone). Asked for
 * only then, so it walks the tokens again rather than making cueHits() record positions.
 */
export function cueWords(tokens: Tok[], lex: CompiledLexicon, max = 5): string[] {
  const words = tokens.filter((t) => t.kind === 'word');
  const hit = new Uint8Array(words.length);
  for (let wi = 0; wi < words.length; wi++) {
    const t = words[wi]!;
    const x = info(lex, t);
    if (catsOf(lex, t, x).length > 0) hit[wi] = 1;
    if ((x & F_FIRST) !== 0) {
      for (const e of lex.cues.byFirst.get(t.w)!) if (matchAt(words, wi, e)) hit.fill(1, wi, wi + e.words.length);
    }
  }
  if (lex.cues.containsPhrases.length) {
    // Phrases found inside the joined text: mark every word the match overlaps.
    let joined = ' ';
    const starts: number[] = [];
    for (const t of words) {
      starts.push(joined.length);
      joined += t.w + ' ';
    }
    for (const [, sub] of lex.cues.containsPhrases) {
      for (let at = joined.indexOf(sub); at >= 0; at = joined.indexOf(sub, at + 1)) {
        for (let wi = 0; wi < words.length; wi++) {
          const s = starts[wi]!, e = s + words[wi]!.w.length;
          if (s < at + sub.length && e > at) hit[wi] = 1;
        }
      }
    }
  }
  const out: string[] = [];
  for (let wi = 0; wi < words.length && out.length < max; wi++) if (hit[wi] === 1 && !out.includes(words[wi]!.w)) out.push(words[wi]!.w);
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
