// Throughput of the whole scoring step against the bare `sentiment` package, measured in one run,
// on one core (single thread, same process), on the same texts. Texts: the validation split when
// the training data is present, otherwise sentences generated from a small hand-written set.
import Sentiment from 'sentiment';
import { scoreMessage } from './index.ts';
import { readTsv, isValidation, SENTIMENT_LANGS } from './train/data.ts';

const FALLBACK = [
  'My order never arrived and nobody answers, I want a refund', 'Thanks a lot, great service as always!',
  'Agizo langu halijafika bado, nataka pesa yangu', 'Asante sana kwa huduma nzuri', 'ትዕዛዜ እስካሁን አልደረሰም በጣም መጥፎ አገልግሎት',
  'በጣም ጥሩ ነው እናመሰግናለን', 'order innum varala, romba mosam service', 'semma padam, vera level', 'ஆர்டர் இன்னும் வரவில்லை, மோசம்',
  'ඇණවුම තාම ලැබුණේ නැහැ, හරිම නරකයි', 'ការបញ្ជាទិញរបស់ខ្ញុំមិនទាន់មកដល់ទេ', 'the app keeps crashing since the update @brand fix it',
];

function benchTexts(): string[] {
  try {
    const out: string[] = [];
    for (const l of SENTIMENT_LANGS) for (const r of readTsv(`sentiment/${l}/train.tsv`)) if (isValidation(r.text)) out.push(r.text);
    for (const r of readTsv('complaints/en/train.tsv')) if (isValidation(r.text)) out.push(r.text);
    return out;
  } catch {
    const out: string[] = [];
    for (let i = 0; i < 2000; i++) out.push(`${FALLBACK[i % FALLBACK.length]} ${i % 7 === 0 ? '!!' : ''}`);
    return out;
  }
}

function rate(fn: (t: string) => unknown, texts: string[], minMs: number): number {
  let n = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < minMs) {
    for (const x of texts) fn(x);
    n += texts.length;
    t = performance.now();
  }
  return n / ((t - t0) / 1000);
}

export async function benchScoring(): Promise<Record<string, unknown>> {
  const texts = benchTexts();
  const bare = new Sentiment();
  const base = (t: string): unknown => bare.analyze(t);
  const full = (t: string): unknown => scoreMessage({ text: t });
  // Warm up both (JIT, lazy lexicon compilation), then alternate to even out machine noise.
  rate(base, texts.slice(0, 500), 200);
  rate(full, texts.slice(0, 500), 200);
  const b: number[] = [];
  const f: number[] = [];
  for (let i = 0; i < 3; i++) {
    b.push(rate(base, texts, 700));
    f.push(rate(full, texts, 700));
  }
  const median = (a: number[]): number => [...a].sort((x, y) => x - y)[1]!;
  const sentimentPerSec = Math.round(median(b));
  const scoringPerSec = Math.round(median(f));
  return {
    texts: texts.length,
    meanChars: Math.round(texts.reduce((s, t) => s + t.length, 0) / texts.length),
    sentimentPackageTextsPerSec: sentimentPerSec,
    scoreMessageTextsPerSec: scoringPerSec,
    ratio: Math.round((scoringPerSec / sentimentPerSec) * 1000) / 1000,
    target: 0.25,
  };
}
