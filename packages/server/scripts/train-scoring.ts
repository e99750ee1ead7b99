// `npm run train:scoring`: builds packages/server/src/scoring/models/*.json from ../shared/data
// (or $INBOX_TRAINING_DATA). Deterministic: hash-based hold-out and folds, seeded shuffles.
// A fifth of every file (by hash of the text) is held out for `npm run eval:scoring` and never
// trained on; cross-validation inside the remaining rows picks L2 and the decision offsets.
import fs from 'node:fs';
import { analyze, type Analysis } from '../src/scoring/analyze.ts';
import { keep, sparseFeatures, type FeatureConfig } from '../src/scoring/features.ts';
import { LANGID_CLASSES, LANGID_FEATURES, langidTokens } from '../src/scoring/langid.ts';
import { tokenize } from '../src/scoring/tokenize.ts';
import { COMPLAINT_DENSE, SENTIMENT_DENSE, complaintDense, sentimentDense, squash } from '../src/scoring/signals.ts';
import { SENTIMENT_CLASSES, SENTIMENT_LANGS, foldOf, readTsv, split, type Row } from '../src/scoring/train/data.ts';
import { ROMANISED } from '../src/scoring/train/langid-extra.ts';
import {
  classF1, indexOf, macroBalanced, predictLogits, toFile, train, tuneAdjust, type Example, type TrainOptions,
} from '../src/scoring/train/logreg.ts';
import { argmax } from '../src/scoring/linear.ts';
import { balancedWeights, f1Report } from '../src/scoring/train/metrics.ts';

const MODELS_DIR = new URL('../src/scoring/models/', import.meta.url);
const FOLDS = 5;
const SEED = 20240605;
const t0 = Date.now();
const log = (...a: unknown[]): void => console.error(`[${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);

export const SENTIMENT_FEATURES: Record<string, FeatureConfig> = {
  // Ethiopic letters are syllables, so shorter character n-grams carry as much as Latin 4-grams.
  // (Fewer n-gram orders than we tried first: same F1 within noise, far fewer lookups per message.)
  am: { words: true, bigrams: true, charMin: 2, charMax: 3, negation: true },
  sw: { words: true, bigrams: true, charMin: 3, charMax: 4, negation: true },
  ta: { words: true, bigrams: true, charMin: 3, charMax: 4, negation: true },
};
const COMPLAINT_FEATURES: FeatureConfig = { words: true, bigrams: true, charMin: 3, charMax: 5, negation: true };

function write(name: string, obj: unknown): void {
  fs.mkdirSync(MODELS_DIR, { recursive: true });
  const url = new URL(`${name}.json`, MODELS_DIR);
  fs.writeFileSync(url, JSON.stringify(obj) + '\n');
  log(`wrote models/${name}.json (${(fs.statSync(url).size / 1024).toFixed(0)} KB)`);
}

/** Out-of-fold logits for each option set; returns the best options (by objective) and its OOF logits. */
function crossValidate(
  rows: Row[], ex: Example[], K: number, grid: TrainOptions[], objective: (pred: Int32Array) => number,
): { best: TrainOptions; oof: Float64Array[]; score: number } {
  let best: { best: TrainOptions; oof: Float64Array[]; score: number } | undefined;
  for (const o of grid) {
    const oof: Float64Array[] = new Array(ex.length);
    for (let f = 0; f < FOLDS; f++) {
      const trainIdx: number[] = [];
      const testIdx: number[] = [];
      rows.forEach((r, i) => (foldOf(r.text, FOLDS) === f ? testIdx : trainIdx).push(i));
      const m = train(trainIdx.map((i) => ex[i]!), o);
      const index = indexOf(m);
      for (const i of testIdx) oof[i] = predictLogits(m, ex[i]!, index);
    }
    const pred = Int32Array.from(oof, (z) => argmax(z));
    const score = objective(pred);
    log(`  cv l2=${o.l2} epochs=${o.epochs}: ${score.toFixed(4)}`);
    if (!best || score > best.score) best = { best: o, oof, score };
  }
  return best!;
}

// ---------------------------------------------------------------- language identification
function trainLangid(en: Row[], sw: Row[], ta: Row[]): void {
  log('langid');
  // Much of the Tamil file is plain English ("Looking like Hindi movie remake"); keep only rows that
  // are not mostly English words, so "ta" learns romanised Tamil rather than English.
  const enVocab = new Map<string, number>();
  for (const r of en) for (const t of langidTokens(tokenize(r.text))) enVocab.set(t.w, (enVocab.get(t.w) ?? 0) + 1);
  const taRows = ta.filter((r) => {
    const w = langidTokens(tokenize(r.text));
    if (w.length === 0) return false;
    const english = w.filter((t) => (enVocab.get(t.w) ?? 0) >= 2).length;
    return english / w.length < 0.5;
  });
  const texts: Array<[string, number]> = [];
  for (const r of en) texts.push([r.text, 0]);
  for (const r of sw) texts.push([r.text, 1]);
  for (const r of taRows) if (!/[\u0b80-\u0bff]/.test(r.text)) texts.push([r.text, 2]);
  for (const s of ROMANISED.si) texts.push([s, 3]);
  for (const s of ROMANISED.am) texts.push([s, 4]);
  const ex: Example[] = texts.map(([t, y]) => ({ ids: keep(sparseFeatures(langidTokens(tokenize(t)), null, LANGID_FEATURES)), dense: [], y }));
  // Half-balanced: the hand-written sets are tiny, full balancing would overfit them.
  const m = train(ex, { K: 5, nDense: 0, epochs: 8, lr: 0.2, l2: 1e-5, minDf: 2, seed: SEED, balance: 0.5 });
  write('langid', toFile(m, {
    name: 'langid', classes: LANGID_CLASSES, features: LANGID_FEATURES, denseNames: [], adjust: [0, 0, 0, 0, 0], minAbs: 0.01,
    meta: { rows: { en: en.length, sw: sw.length, ta: taRows.length, si: ROMANISED.si.length, am: ROMANISED.am.length } },
  }));
}

// ---------------------------------------------------------------- sentiment (am, sw, ta)
function sentimentExample(a: Analysis, cfg: FeatureConfig, y: number): Example {
  return { ids: keep(sparseFeatures(a.tokens, a.neg, cfg)), dense: sentimentDense(a.tokens, a.ls, a.cues), y };
}

function trainSentiment(lang: string, rows: Row[]): void {
  log(`sentiment ${lang}: ${rows.length} training rows`);
  const cfg = SENTIMENT_FEATURES[lang]!;
  const classes = [...SENTIMENT_CLASSES];
  const y = Int32Array.from(rows, (r) => classes.indexOf(r.label as (typeof classes)[number]));
  if (y.some((v) => v < 0)) throw new Error(`unknown label in sentiment/${lang}`);
  const ex = rows.map((r, i) => sentimentExample(analyze(r.text, lang), cfg, y[i]!));
  const base = { K: 3, nDense: SENTIMENT_DENSE.length, lr: 0.1, minDf: 2, seed: SEED, balance: 1 };
  // A wider L2 grid changed cross-validated F1 by < 0.005 on every language, so one setting it is.
  const grid: TrainOptions[] = [{ ...base, l2: 1e-4, epochs: 6 }];
  const objective = macroBalanced(y, 3);
  const cv = crossValidate(rows, ex, 3, grid, objective);
  const adjust = tuneAdjust(cv.oof, 3, objective);
  const predAdj = Int32Array.from(cv.oof, (z) => argmax(z.map((v, k) => v + adjust[k]!)));
  const oofPlain = f1Report(y, predAdj, 3);
  log(`  chose l2=${cv.best.l2}, adjust=${adjust.join(',')}, OOF macro-F1 ${oofPlain.macro.toFixed(4)} (balanced ${objective(predAdj).toFixed(4)})`);
  const m = train(ex, cv.best);
  write(`sentiment-${lang}`, toFile(m, {
    name: `sentiment-${lang}`, classes, features: cfg, denseNames: SENTIMENT_DENSE, adjust,
    meta: { trainRows: rows.length, l2: cv.best.l2, epochs: cv.best.epochs, oofMacroF1: round(oofPlain.macro), oofWeightedF1: round(oofPlain.weighted) },
  }));
}

// ---------------------------------------------------------------- complaints (en + transfer)
function trainComplaints(rows: Row[]): void {
  log(`complaints en: ${rows.length} training rows`);
  const classes = ['not_complaint', 'complaint'];
  const y = Int32Array.from(rows, (r) => classes.indexOf(r.label));
  if (y.some((v) => v < 0)) throw new Error('unknown label in complaints/en');
  const as = rows.map((r) => analyze(r.text, 'en'));
  const dense = as.map((a) => complaintDense(a.tokens, squash(a.ls.total), a.cues));
  const objective = classF1(y, 1);
  const base = { K: 2, lr: 0.1, minDf: 2, seed: SEED, balance: 1 };

  // Full English model: n-grams + signals.
  const ex: Example[] = as.map((a, i) => ({ ids: keep(sparseFeatures(a.tokens, a.neg, COMPLAINT_FEATURES)), dense: dense[i]!, y: y[i]! }));
  const grid = [{ ...base, nDense: COMPLAINT_DENSE.length, l2: 1e-4, epochs: 4 }];
  const cv = crossValidate(rows, ex, 2, grid, objective);
  const adjust = tuneAdjust(cv.oof, 2, objective);
  const oofF1 = objective(Int32Array.from(cv.oof, (z) => (z[1]! + adjust[1]! > z[0]! ? 1 : 0)));
  log(`  en: chose l2=${cv.best.l2}, adjust=${adjust.join(',')}, OOF complaint F1 ${oofF1.toFixed(4)}`);
  write('complaint-en', toFile(train(ex, cv.best), {
    name: 'complaint-en', classes, features: COMPLAINT_FEATURES, denseNames: COMPLAINT_DENSE, adjust,
    meta: { trainRows: rows.length, l2: cv.best.l2, oofComplaintF1: round(oofF1) },
  }));

  // Transfer model: the same signals only, which exist in every language through its cue list.
  const exT: Example[] = dense.map((d, i) => ({ ids: [], dense: d, y: y[i]! }));
  const gridT = [{ ...base, nDense: COMPLAINT_DENSE.length, l2: 1e-4, epochs: 20 }];
  const cvT = crossValidate(rows, exT, 2, gridT, objective);
  const adjT = tuneAdjust(cvT.oof, 2, objective);
  const oofT = objective(Int32Array.from(cvT.oof, (z) => (z[1]! + adjT[1]! > z[0]! ? 1 : 0)));
  log(`  transfer: adjust=${adjT.join(',')}, OOF complaint F1 (English) ${oofT.toFixed(4)}`);
  write('complaint-transfer', toFile(train(exT, cvT.best), {
    name: 'complaint-transfer', classes, features: { words: false, bigrams: false, charMin: 0, charMax: 0, negation: false },
    denseNames: COMPLAINT_DENSE, adjust: adjT, meta: { trainRows: rows.length, oofComplaintF1English: round(oofT) },
  }));
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

const sent = Object.fromEntries(SENTIMENT_LANGS.map((l) => [l, split(readTsv(`sentiment/${l}/train.tsv`))]));
const comp = split(readTsv('complaints/en/train.tsv'));
trainLangid(comp.train, sent.sw!.train, sent.ta!.train);
for (const l of SENTIMENT_LANGS) trainSentiment(l, sent[l]!.train);
trainComplaints(comp.train);
void balancedWeights;
log('done');
