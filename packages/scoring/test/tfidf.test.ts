import { describe, expect, it } from 'vitest';
import { analyze } from '../src/analyze.ts';
import { TfidfLogistic } from '../src/tfidf.ts';
import { lbfgs, predictTfidf, tfidfDoc, toTfidfFile, trainTfidf } from '../src/train/tfidf-train.ts';

// Sentences written for this test (no training data rows).
const COMPLAINTS = [
  '@shopco my parcel never arrived, I want a refund', 'still waiting for my order after two weeks @shopco',
  'the app crashes every time I open it, fix this', 'charged twice for one order and nobody answers',
  '@acme_help my order is late again!!', 'worst service ever, I was charged twice',
];
const OTHERS = [
  'thank you @shopco, the shoes are lovely', 'does the store open on sunday?', 'great service, arrived a day early',
  'what a beautiful morning in nairobi', '@acme_help thanks, that fixed it', 'love the new colours this season',
];

describe('TF-IDF logistic model', () => {
  const texts = [...COMPLAINTS, ...OTHERS];
  const y = texts.map((_, i) => (i < COMPLAINTS.length ? 1 : 0));
  const opts = { wordBits: 12, charBits: 13, C: 4, minDf: 1 };
  const dense = (t: string): number[] => [t.includes('!') ? 1 : 0, t.includes('?') ? 1 : 0];
  const docs = texts.map((t) => tfidfDoc(analyze(t, 'en').tokens, opts, dense(t)));
  const trained = trainTfidf(docs, y, opts);

  it('scores at inference exactly as in training, up to the file quantisation', () => {
    const m = new TfidfLogistic(toTfidfFile(trained, { name: 'test', denseNames: ['exclaim', 'question'], denseScale: 1, adjust: 0.25, meta: {} }));
    for (const t of [...texts, 'my refund never came', 'a lovely day', 'order order order late late']) {
      const a = analyze(t, 'en');
      const expected = predictTfidf(trained, tfidfDoc(a.tokens, opts, dense(t))) + 0.25;
      expect(m.logit(a.tokens, dense(t))).toBeCloseTo(expected, 2);
    }
  });

  it('learns the training texts and separates new ones by their words', () => {
    for (let i = 0; i < texts.length; i++) expect(predictTfidf(trained, docs[i]!) > 0).toBe(y[i] === 1);
    const z = (t: string): number => predictTfidf(trained, tfidfDoc(analyze(t, 'en').tokens, opts, dense(t)));
    expect(z('nobody answers and my parcel never arrived')).toBeGreaterThan(z('thank you, lovely shoes'));
  });

  it('L-BFGS finds the minimum of a convex quadratic', () => {
    // f(x) = sum_i (i + 1) (x_i - i)^2, minimum at x_i = i
    const x = lbfgs((v, g) => {
      let f = 0;
      for (let i = 0; i < v.length; i++) {
        f += (i + 1) * (v[i]! - i) ** 2;
        g[i] = 2 * (i + 1) * (v[i]! - i);
      }
      return f;
    }, new Float64Array(6), 200, 1e-10);
    for (let i = 0; i < 6; i++) expect(x[i]).toBeCloseTo(i, 4);
  });
});
