// `npm run train:scoring`: builds packages/scoring/src/models/*.json from ../shared/data
// (or $INBOX_TRAINING_DATA). Deterministic: hash-based hold-out and folds, seeded shuffles.
// A fifth of every file (by hash of the text) is held out for `npm run eval:scoring` and never
// trained on; cross-validation inside the remaining rows picks the learning rate and the decision offsets.
import fs from 'node:fs';
import { analyze, type Analysis } from '../src/analyze.ts';
import { keep, sparseFeatures, type FeatureConfig } from '../src/features.ts';
import { LANGID_CLASSES, LANGID_FEATURES, langidTokens } from '../src/langid.ts';
import { tokenize } from '../src/tokenize.ts';
import { COMPLAINT_DENSE, COMPLAINT_DENSE_EN, SENTIMENT_DENSE, complaintDense, complaintDenseEn, sentimentDense, squash } from '../src/signals.ts';
import { SENTIMENT_CLASSES, SENTIMENT_LANGS, foldOf, readTsv, split, type Row } from '../src/train/data.ts';
import { exitUnlessTrainingData } from './data-check.ts';
import { correctionsFrom, type Correction } from './corrections.ts';
import { MODELS } from '../src/models.ts';
import { identify } from '../src/langid.ts';
import { ROMANISED } from '../src/train/langid-extra.ts';
import { classF1, macroBalanced, train, tuneAdjust, type Example } from '../src/train/logreg.ts';
import { predictNb, toHashedFile, trainNb, type HExample, type NbOptions } from '../src/train/nblr.ts';
import { argmax, LinearModel } from '../src/linear.ts';
import { lexiconSentiment, modelSentiment } from '../src/sentiment.ts';
import { hasComplaintContent } from '../src/complaint.ts';
import { f1Report } from '../src/train/metrics.ts';
import { predictTfidf, tfidfDoc, toTfidfFile, trainTfidf, type TfidfDoc } from '../src/train/tfidf-train.ts';

const MODELS_DIR = new URL('../src/models/', import.meta.url);
const FOLDS = 5;
const SEED = 20240605;
const t0 = Date.now();
const log = (...a: unknown[]): void => void process.stderr.write(`[${((Date.now() - t0) / 1000).toFixed(1)}s] ${a.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(' ')}\n`);

// Word unigrams (negation-marked) and bigrams plus character n-grams inside " word " (prefixes and
// suffixes carry the morphology of Swahili, Amharic and romanised Tamil). Orders 2-4 in 2^17 buckets
// (was 1-5 in 2^19): fewer, cheaper table reads per new word at inference, and as good or better by
// 5-fold CV and on the validation split; Swahili keeps 1-5 (2-4 cost it 0.01 on validation). Khmer: 2-4
// (out-of-fold 0.6391, 1-5 gave 0.6302). English 3-4 was tried for speed: 0.6787 against 0.6813, no measurable gain.
export const SENTIMENT_FEATURES: Record<string, FeatureConfig> = {
  am: { words: true, bigrams: true, charMin: 2, charMax: 4, negation: true },
  sw: { words: true, bigrams: true, charMin: 1, charMax: 5, negation: true },
  ta: { words: true, bigrams: true, charMin: 2, charMax: 4, negation: true },
  si: { words: true, bigrams: true, charMin: 2, charMax: 4, negation: true },
  km: { words: true, bigrams: true, charMin: 2, charMax: 4, negation: true },
  en: { words: true, bigrams: true, charMin: 2, charMax: 4, negation: true },
};
/** log2 of the weight-table size (buckets) per model: 2^17 int8 x 3 classes = 384 KB, mostly in L2/L3 */
const BITS = { sentiment: 17, langid: 17 };
/** English complaints: TF-IDF tables per block (2^15 word, 2^16 character buckets: ~6,400 and ~28,000 are used), features seen in >= 2 texts */
const TFIDF = { wordBits: 15, charBits: 16, minDf: 2 };

function write(name: string, obj: unknown): void {
  fs.mkdirSync(MODELS_DIR, { recursive: true });
  const url = new URL(`${name}.json`, MODELS_DIR);
  fs.writeFileSync(url, JSON.stringify(obj) + '\n');
  log(`wrote models/${name}.json (${(fs.statSync(url).size / 1024).toFixed(0)} KB)`);
}

/** Bucket numbers of a message's hashed features (the model's table index). */
function buckets(ids: ArrayLike<number>, bits: number): Int32Array {
  const mask = (1 << bits) - 1;
  return Int32Array.from(ids, (id) => id & mask);
}

/** Out-of-fold logits for each option set; returns the best options (by objective) and its OOF logits. */
function crossValidate(
  rows: Row[], ex: HExample[], grid: NbOptions[], objective: (pred: Int32Array) => number,
): { best: NbOptions; oof: Float64Array[]; score: number } {
  let best: { best: NbOptions; oof: Float64Array[]; score: number } | undefined;
  for (const o of grid) {
    const oof: Float64Array[] = new Array(ex.length);
    for (let f = 0; f < FOLDS; f++) {
      const trainIdx: number[] = [];
      const testIdx: number[] = [];
      rows.forEach((r, i) => (foldOf(r.text, FOLDS) === f ? testIdx : trainIdx).push(i));
      const m = trainNb(trainIdx.map((i) => ex[i]!), o);
      for (const i of testIdx) oof[i] = predictNb(m, ex[i]!);
    }
    const pred = Int32Array.from(oof, (z) => argmax(z));
    const score = objective(pred);
    log(`  cv lr=${o.lr} l2=${o.l2} epochs=${o.epochs} nb=${o.nb}: ${score.toFixed(4)}`);
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
  const ex: Example[] = texts.map(([t, y]) => ({ ids: buckets(keep(sparseFeatures(langidTokens(tokenize(t)), null, LANGID_FEATURES)), BITS.langid), dense: [], y }));
  // Half-balanced: the hand-written sets are tiny, full balancing would overfit them.
  const m = train(ex, { K: 5, nDense: 0, epochs: 8, lr: 0.2, l2: 1e-5, minDf: 2, seed: SEED, balance: 0.5 });
  const W = new Float64Array((1 << BITS.langid) * 5);
  m.ids.forEach((b, i) => {
    for (let k = 0; k < 5; k++) W[b * 5 + k] = m.W[i * 5 + k]!;
  });
  write('langid', toHashedFile({ K: 5, bits: BITS.langid, W, bias: m.bias, dense: m.dense, nDense: 0 }, {
    name: 'langid', classes: LANGID_CLASSES, features: LANGID_FEATURES, denseNames: [], adjust: [0, 0, 0, 0, 0], minAbs: 0.01,
    meta: { rows: { en: en.length, sw: sw.length, ta: taRows.length, si: ROMANISED.si.length, am: ROMANISED.am.length } },
  }));
}

// ---------------------------------------------------------------- sentiment (am, sw, ta)
function sentimentExample(a: Analysis, cfg: FeatureConfig, y: number): HExample {
  return { ids: buckets(keep(sparseFeatures(a.tokens, a.neg, cfg)), BITS.sentiment), dense: sentimentDense(a.tokens, a.ls, a.cues, a.flags), y };
}

/**
 * Decision offsets, tuned on out-of-fold logits for the mean of plain macro-F1 and macro-F1 with every
 * class weighted equally: the second alone pushes towards a balanced prediction mix (it cost 0.03-0.07
 * macro-F1 on our validation split), the first alone leans on the training files' label mix.
 */
function sentimentAdjust(oof: Float64Array[], y: Int32Array): { adjust: number[]; objective: (pred: Int32Array) => number } {
  const balanced = macroBalanced(y, 3);
  const objective = (pred: Int32Array): number => (balanced(pred) + f1Report(y, pred, 3).macro) / 2;
  return { adjust: tuneAdjust(oof, 3, objective, 0.5), objective };
}

function trainSentiment(lang: string, rows: Row[]): void {
  log(`sentiment ${lang}: ${rows.length} training rows`);
  const cfg = SENTIMENT_FEATURES[lang]!;
  const classes = [...SENTIMENT_CLASSES];
  const y = Int32Array.from(rows, (r) => classes.indexOf(r.label as (typeof classes)[number]));
  if (y.some((v) => v < 0)) throw new Error(`unknown label in sentiment/${lang}`);
  // Rows by script (each analysis has its message's dominant script), for the scripts the model can read below.
  const scriptRows: Record<string, number> = {};
  const ex = rows.map((r, i) => {
    const a = analyze(r.text, lang);
    scriptRows[a.script] = (scriptRows[a.script] ?? 0) + 1;
    return sentimentExample(a, cfg, y[i]!);
  });
  const base: NbOptions = { K: 3, bits: BITS.sentiment, nDense: SENTIMENT_DENSE.length, epochs: 8, lr: 0.03, l2: 1e-5, alpha: 3, nb: true, minDf: 2, seed: SEED };
  const grid: NbOptions[] = [base, { ...base, lr: 0.1 }];
  const cv = crossValidate(rows, ex, grid, macroBalanced(y, 3));
  const { adjust, objective } = sentimentAdjust(cv.oof, y);
  const predAdj = Int32Array.from(cv.oof, (z) => argmax(z.map((v, k) => v + adjust[k]!)));
  const oofPlain = f1Report(y, predAdj, 3);
  log(`  chose lr=${cv.best.lr}, adjust=${adjust.join(',')}, OOF macro-F1 ${oofPlain.macro.toFixed(4)} (objective ${objective(predAdj).toFixed(4)})`);
  const m = trainNb(ex, cv.best);
  // The scripts the model can read: at least 2 % of the rows and 100 of them (Tamil: 9,586 romanised
  // rows and 56 in Tamil script, so Tamil script goes to the lexicon).
  const scripts = Object.keys(scriptRows).filter((s) => s !== 'none' && s !== 'other' && scriptRows[s]! >= Math.max(100, 0.02 * rows.length)).sort();
  log(`  rows by script ${JSON.stringify(scriptRows)}: reads ${scripts.join(', ')}`);
  write(`sentiment-${lang}`, toHashedFile(m, {
    name: `sentiment-${lang}`, classes, features: cfg, denseNames: SENTIMENT_DENSE, adjust, minAbs: 0.002, scripts,
    meta: { trainRows: rows.length, scriptRows, lr: cv.best.lr, l2: cv.best.l2, epochs: cv.best.epochs, oofMacroF1: round(oofPlain.macro), oofWeightedF1: round(oofPlain.weighted) },
  }));
}

// ---------------------------------------------------------------- complaints (en + transfer)
/**
 * English: a TF-IDF logistic model (src/tfidf.ts) over word 1-2-grams and character 2-5-grams
 * plus the dense signals, scaled down (a smaller scale regularises them harder). C and that scale
 * are chosen by 5-fold cross-validation, the decision offset on the out-of-fold logits.
 */
function trainComplaints(rows: Row[], other: Correction[] = []): void {
  log(`complaints en: ${rows.length} training rows`);
  const classes = ['not_complaint', 'complaint'];
  const y = Int32Array.from(rows, (r) => classes.indexOf(r.label));
  if (y.some((v) => v < 0)) throw new Error('unknown label in complaints/en');
  const as = rows.map((r) => analyze(r.text, 'en'));
  // The English sentiment model's label (trained on other tweets, so nothing of these rows leaks into
  // it) decides whether a text has complaint content, as in scoring.
  const enUrl = new URL('sentiment-en.json', MODELS_DIR);
  const enModel = fs.existsSync(enUrl) ? LinearModel.load(enUrl) : undefined;
  const sentOut = as.map((a) => (enModel ? modelSentiment(a, enModel) : lexiconSentiment(a)));
  // The complaint model's own sentiment signal stays the lexicon's: it ignores numbers (an order number must
  // not move the score) and gave the same out-of-fold F1 as the model's score (0.7859 / 0.7850).
  const sent = as.map((a) => squash(a.ls.total));
  // Scoring flags only texts with content (hasComplaintContent): the offset and the wording threshold
  // are tuned together for the gated flag, on out-of-fold logits.
  const dense = as.map((a, i) => complaintDense(a.tokens, sent[i]!, a.cues, false, a.flags));
  const denseEn = as.map((a, i) => complaintDenseEn(a.tokens, sent[i]!, a.cues, false, a.flags));
  const plainF1 = classF1(y, 1);
  const MENTION = COMPLAINT_DENSE.indexOf('mention');
  const gated = (wording: ArrayLike<number>, minWording: number) => (pred: Int32Array): number =>
    plainF1(pred.map((v, i) => (hasComplaintContent(as[i]!, sentOut[i]!, wording[i]!, minWording) ? v : 0)));
  const asLogits = (z: ArrayLike<number>): Float64Array[] => Array.from(z, (v) => Float64Array.of(0, v));

  const docs = as.map((a) => tfidfDoc(a.tokens, TFIDF));
  const withDense = (scale: number): TfidfDoc[] => docs.map((d, i) => ({ ...d, dense: denseEn[i]!.map((v) => v * scale) }));
  let best: { C: number; scale: number; adjust: number; minWording: number; score: number } | undefined;
  for (const [C, scale] of [[2, 0.2], [2, 0.3], [4, 0.3]] as const) {
    const ex = withDense(scale);
    const oof = new Float64Array(rows.length);
    const oofWording = new Float64Array(rows.length);
    for (let f = 0; f < FOLDS; f++) {
      const tr: number[] = [];
      const te: number[] = [];
      rows.forEach((r, i) => (foldOf(r.text, FOLDS) === f ? te : tr).push(i));
      const m = trainTfidf(tr.map((i) => ex[i]!), tr.map((i) => y[i]!), { ...TFIDF, C });
      for (const i of te) {
        oof[i] = predictTfidf(m, ex[i]!);
        oofWording[i] = oof[i]! - m.dense[MENTION]! * ex[i]!.dense[MENTION]!;
      }
    }
    const logits = asLogits(oof);
    // At least 0.3: lower thresholds (0.1, 0.2: within 0.003 out-of-fold) let a plain statement sent to the
    // brand ("This is an example.": about 0.2 without the mention) through on its wording.
    for (const minWording of [0.3, 0.4, 0.5]) {
      const obj = gated(Float64Array.from(oofWording, (z) => 1 / (1 + Math.exp(-(z + 0)))), minWording);
      const adjust = tuneAdjust(logits, 2, obj, 0.5)[1]!;
      // the wording probability carries the same offset as the flag
      const obj2 = gated(Float64Array.from(oofWording, (z) => 1 / (1 + Math.exp(-(z + adjust)))), minWording);
      const score = obj2(Int32Array.from(logits, (z) => (z[1]! + adjust > z[0]! ? 1 : 0)));
      log(`  cv C=${C} dense scale=${scale} minWording=${minWording}: OOF complaint F1 ${score.toFixed(4)} (offset ${adjust})`);
      if (!best || score > best.score) best = { C, scale, adjust, minWording, score };
    }
  }
  const b = best!;
  log(`  en: chose C=${b.C} dense scale=${b.scale} minWording=${b.minWording}, OOF complaint F1 ${b.score.toFixed(4)}`);
  const m = trainTfidf(withDense(b.scale), y, { ...TFIDF, C: b.C });
  write('complaint-en', toTfidfFile(m, {
    name: 'complaint-en', denseNames: COMPLAINT_DENSE_EN, denseScale: b.scale, adjust: b.adjust,
    meta: { trainRows: rows.length, C: b.C, denseScale: b.scale, minDf: TFIDF.minDf, minWording: b.minWording, oofComplaintF1: round(b.score) },
  }));

  // Transfer model: the same signals only, which exist in every language through its cue list.
  const exT: HExample[] = dense.map((d, i) => ({ ids: new Int32Array(0), dense: d, y: y[i]! }));
  const gridT: NbOptions[] = [{ K: 2, bits: 1, nDense: COMPLAINT_DENSE.length, epochs: 20, lr: 0.1, l2: 1e-4, alpha: 2, nb: false, minDf: 2, seed: SEED }];
  // Corrections in other languages teach the transfer model, through their own cue lists and sentiment.
  const rowsT = [...rows];
  for (const c of other) {
    const a = analyze(c.text, c.lang);
    const m = MODELS.sentiment[a.lang];
    const s = m?.covers(a.script) ? modelSentiment(a, m).score : squash(a.ls.total);
    exT.push({ ids: new Int32Array(0), dense: complaintDense(a.tokens, s, a.cues, false, a.flags), y: c.complaint ? 1 : 0 });
    rowsT.push({ text: c.text, label: c.complaint ? 'complaint' : 'not_complaint' });
  }
  const yT = Int32Array.from(exT, (e) => e.y);
  const objectiveT = classF1(yT, 1);
  const cvT = crossValidate(rowsT, exT, gridT, objectiveT);
  const adjT = tuneAdjust(cvT.oof, 2, objectiveT, 1.5);
  const oofT = objectiveT(Int32Array.from(cvT.oof, (z) => (z[1]! + adjT[1]! > z[0]! ? 1 : 0)));
  log(`  transfer: adjust=${adjT.join(',')}, OOF complaint F1 ${oofT.toFixed(4)}`);
  write('complaint-transfer', toHashedFile(trainNb(exT, cvT.best), {
    name: 'complaint-transfer', classes, features: { words: false, bigrams: false, charMin: 0, charMax: 0, negation: false },
    denseNames: COMPLAINT_DENSE, adjust: adjT, meta: { trainRows: rowsT.length, corrections: other.length, oofComplaintF1: round(oofT) },
  }));
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

exitUnlessTrainingData();
const sent = Object.fromEntries(SENTIMENT_LANGS.map((l) => [l, split(readTsv(`sentiment/${l}/train.tsv`))]));
const comp = split(readTsv('complaints/en/train.tsv'));
// SCORING_ONLY=langid,sw,complaints (for experiments) trains only those; the default is everything.
const only = process.env.SCORING_ONLY?.split(',');
const want = (name: string): boolean => !only || only.includes(name);
if (want('langid')) trainLangid(comp.train, sent.sw!.train, sent.ta!.train);
for (const l of SENTIMENT_LANGS) if (want(l)) trainSentiment(l, sent[l]!.train);
// --with-corrections <file>: agents' complaint corrections (npm run export:corrections) join the complaint
// training rows: English ones both complaint models, the others the transfer model. Never the validation split.
const corrections = correctionsFrom(process.argv);
const isEn = (c: Correction): boolean => (c.lang ?? identify(c.text).lang) === 'en';
if (corrections.length) log(`corrections: ${corrections.length} (${corrections.filter(isEn).length} English)`);
const enCorrections: Row[] = corrections.filter(isEn).map((c) => ({ text: c.text, label: c.complaint ? 'complaint' : 'not_complaint' }));
if (want('complaints')) trainComplaints([...comp.train, ...enCorrections], corrections.filter((c) => !isEn(c)));
log('done');
