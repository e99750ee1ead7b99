// `npm run eval:scoring`: macro-F1 and weighted F1 per language on the held-out fifth of the
// training files (by hash of the text; never trained on), beside the majority-class baseline and the
// bare `sentiment` package; complaint F1 on English; language-ID accuracy; and throughput.
import Sentiment from 'sentiment';
import { scoreMessage } from '../src/index.ts';
import { identify } from '../src/langid.ts';
import { SENTIMENT_CLASSES, SENTIMENT_LANGS, readTsv, split } from '../src/train/data.ts';
import { exitUnlessTrainingData } from './data-check.ts';
import { balancedWeights, f1Report } from '../src/train/metrics.ts';
import { benchScoring } from '../src/bench.ts';

const bare = new Sentiment();
const pct = (x: number): string => x.toFixed(3);
const results: Record<string, unknown> = {};
// With --json, stdout carries only the JSON (for `| jq`); the table goes to stderr.
const json = process.argv.includes('--json');
const say = (line: string): void => void (json ? process.stderr : process.stdout).write(line + '\n');

function bareLabel(text: string): number {
  const s = bare.analyze(text).score;
  return s < 0 ? 0 : s > 0 ? 2 : 1;
}

exitUnlessTrainingData();
/** The targets for macro-F1 on the held-out sets (no language hint). */
const TARGET: Record<string, number> = { am: 0.52, sw: 0.56, ta: 0.55, si: 0.64, km: 0.60, en: 0.66 };
say('Sentiment, validation split (20% of each file by text hash, held out from training); ours with the language detected (no hint), as the held-out sets are scored');
say('  macro = macro-F1; eq = macro-F1 with every class weighted equally (the split re-weighted to a mix unlike the training files); posFlag = share of positive texts flagged as complaints (target <= 0.05)');
say('lang   rows | ours macro   eq    wF1  (lang given) | majority macro | sentiment pkg macro   eq | target | posFlag');
for (const lang of SENTIMENT_LANGS) {
  const { train, val } = split(readTsv(`sentiment/${lang}/train.tsv`));
  const classes = [...SENTIMENT_CLASSES] as string[];
  const y = Int32Array.from(val, (r) => classes.indexOf(r.label));
  const w = balancedWeights(y, 3);
  const counts = classes.map((c) => train.filter((r) => r.label === c).length);
  const majority = counts.indexOf(Math.max(...counts));
  const detected = val.map((r) => scoreMessage({ text: r.text }));
  const oursPred = detected.map((s) => classes.indexOf(s.sentiment.label));
  const ours = f1Report(y, oursPred, 3);
  const oursEq = f1Report(y, oursPred, 3, w);
  const given = f1Report(y, val.map((r) => classes.indexOf(scoreMessage({ text: r.text, lang }).sentiment.label)), 3);
  const maj = f1Report(y, val.map(() => majority), 3);
  const pkgPred = val.map((r) => bareLabel(r.text));
  const pkg = f1Report(y, pkgPred, 3);
  const pkgEq = f1Report(y, pkgPred, 3, w);
  let pos = 0, posFlagged = 0;
  detected.forEach((s, i) => {
    if (y[i] !== 2) return;
    pos++;
    if (s.complaint.flag) posFlagged++;
  });
  const posFlag = pos ? posFlagged / pos : 0;
  results[lang] = {
    rows: val.length, target: TARGET[lang],
    ours: { macro: ours.macro, macroEqualClasses: oursEq.macro, weighted: ours.weighted, perClass: ours.perClass, macroLangGiven: given.macro },
    majority: { macro: maj.macro, weighted: maj.weighted }, sentimentPackage: { macro: pkg.macro, macroEqualClasses: pkgEq.macro, weighted: pkg.weighted },
    positiveFlagRate: { rate: posFlag, positives: pos, flagged: posFlagged },
  };
  say(`${lang.padEnd(5)} ${String(val.length).padStart(5)} |      ${pct(ours.macro)} ${pct(oursEq.macro)} ${pct(ours.weighted)}  (${pct(given.macro)})    |          ${pct(maj.macro)} |               ${pct(pkg.macro)} ${pct(pkgEq.macro)} |  ${TARGET[lang]!.toFixed(2)}  | ${pct(posFlag)} (${posFlagged}/${pos})`);
}

{
  const { val } = split(readTsv('complaints/en/train.tsv'));
  const y = val.map((r) => (r.label === 'complaint' ? 1 : 0));
  const ours = f1Report(y, val.map((r) => (scoreMessage({ text: r.text, lang: 'en' }).complaint.flag ? 1 : 0)), 2);
  const maj = f1Report(y, val.map(() => 0), 2);
  const pkg = f1Report(y, val.map((r) => (bare.analyze(r.text).score < 0 ? 1 : 0)), 2);
  results.complaintEn = { rows: val.length, ours: { f1: ours.perClass[1], macro: ours.macro }, majority: { f1: maj.perClass[1], macro: maj.macro }, sentimentPackageNegative: { f1: pkg.perClass[1], macro: pkg.macro } };
  say('\nComplaints (en), validation split: F1 of the complaint class (macro-F1 in brackets)');
  say(`  ours ${pct(ours.perClass[1]!)} (${pct(ours.macro)}) | majority ${pct(maj.perClass[1]!)} (${pct(maj.macro)}) | sentiment pkg "negative = complaint" ${pct(pkg.perClass[1]!)} (${pct(pkg.macro)})  [${val.length} rows]`);
}

{
  // Language ID on the validation texts (their source language is known).
  const rows: Array<[string, string]> = [];
  for (const lang of SENTIMENT_LANGS) for (const r of split(readTsv(`sentiment/${lang}/train.tsv`)).val) rows.push([r.text, lang]);
  for (const r of split(readTsv('complaints/en/train.tsv')).val) rows.push([r.text, 'en']);
  const acc: Record<string, { n: number; ok: number; und: number }> = {};
  for (const [text, lang] of rows) {
    const a = (acc[lang] ??= { n: 0, ok: 0, und: 0 });
    const g = identify(text).lang;
    a.n++;
    if (g === lang) a.ok++;
    if (g === 'und') a.und++;
  }
  say('\nLanguage ID accuracy on the validation texts (Tamil rows are often plain English, see README)');
  for (const [l, a] of Object.entries(acc)) say(`  ${l}: ${pct(a.ok / a.n)} (${a.n} rows, ${a.und} und)`);
  results.langid = acc;
}

// --no-bench: the quality figures only (the throughput passes take a minute or two).
if (process.argv.includes('--no-bench')) {
  if (json) process.stdout.write(JSON.stringify(results) + '\n');
  process.exit(0);
}
const bench = await benchScoring();
results.throughput = bench;
say('\nThroughput, one core, one run, same texts (each 100-text chunk: fastest of 15 passes per side, summed; whole passes below):');
say(`  sentiment package: ${bench.sentimentPackageTextsPerSec} texts/s | scoreMessage (lang + sentiment + complaint): ${bench.scoreMessageTextsPerSec} texts/s | ratio ${bench.ratio} (target >= 0.25)  [${bench.texts} texts, mean ${bench.meanChars} chars]`);
const whole = bench.wholePasses as { ratio: number; ratioMedianOfRounds: number; ratioRangeOfRounds: number[] };
say(`  whole passes: fastest of each side ${whole.ratio}; within each round (bare, ours, bare): median ${whole.ratioMedianOfRounds}, range ${JSON.stringify(whole.ratioRangeOfRounds)}`);
const cold = bench.coldPass as { sentimentPackageTextsPerSec: number; scoreMessageTextsPerSec: number; ratio: number };
say(`  cold (caches emptied, not warmed: every word new on first sight): sentiment package ${cold.sentimentPackageTextsPerSec} texts/s | scoreMessage ${cold.scoreMessageTextsPerSec} texts/s | ratio ${cold.ratio}`);
if (json) process.stdout.write(JSON.stringify(results) + '\n');
