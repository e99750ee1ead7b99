// Trained model files, committed under ./models and loaded once. A missing file (before the first
// `npm run train:scoring`) leaves that model out, and scoring falls back to the lexicons.
import fs from 'node:fs';
import { LinearModel } from './linear.ts';

function load(name: string): LinearModel | undefined {
  const url = new URL(`./models/${name}.json`, import.meta.url);
  if (!fs.existsSync(url)) return undefined;
  return LinearModel.load(url);
}

export const MODELS = {
  langid: load('langid'),
  sentiment: { am: load('sentiment-am'), sw: load('sentiment-sw'), ta: load('sentiment-ta') } as Record<string, LinearModel | undefined>,
  complaintEn: load('complaint-en'),
  complaintTransfer: load('complaint-transfer'),
};

/** Empties the per-token caches (the benchmark does this so it never times a warm cache of the same texts). */
export function clearModelCaches(): void {
  for (const m of [MODELS.langid, MODELS.complaintEn, MODELS.complaintTransfer, ...Object.values(MODELS.sentiment)]) m?.clearCache();
}
