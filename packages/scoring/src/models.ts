// Trained model files, committed under ./models and loaded once. A missing file (before the first
// `npm run train:scoring`), or one in an old format, leaves that model out, and scoring falls back to the lexicons.
import fs from 'node:fs';
import { LinearModel } from './linear.ts';
import { TfidfLogistic } from './tfidf.ts';

/** Languages with a trained sentiment model (train/data.ts SENTIMENT_LANGS). */
const SENTIMENT_MODEL_LANGS = ['am', 'sw', 'ta', 'si', 'km', 'en'];

function load<M>(name: string, read: (url: URL) => M): M | undefined {
  const url = new URL(`./models/${name}.json`, import.meta.url);
  if (!fs.existsSync(url)) return undefined;
  try {
    return read(url);
  } catch (e) {
    // An old or damaged file must not take the server down: the lexicons take over until retraining.
    // A process warning (not console output): the host decides where warnings go.
    process.emitWarning(`${name}.json not loaded (${e instanceof Error ? e.message : String(e)})`, { code: 'INBOX_SCORING_MODEL' });
    return undefined;
  }
}

export const MODELS = {
  langid: load('langid', LinearModel.load),
  sentiment: Object.fromEntries(SENTIMENT_MODEL_LANGS.map((l) => [l, load(`sentiment-${l}`, LinearModel.load)])) as Record<string, LinearModel | undefined>,
  complaintEn: load('complaint-en', TfidfLogistic.load),
  complaintTransfer: load('complaint-transfer', LinearModel.load),
};
