// Trained model files, committed under ./models and loaded once. A missing file (before the first
// `npm run train:scoring`), or one in an old format, leaves that model out, and scoring falls back to the lexicons.
import fs from 'node:fs';
import { LinearModel } from './linear.ts';
import { NaiveBayesLogOdds } from './complaint-nb.ts';
import { clearWords } from './words.ts';

function load(name: string): LinearModel | undefined {
  const url = new URL(`./models/${name}.json`, import.meta.url);
  if (!fs.existsSync(url)) return undefined;
  try {
    return LinearModel.load(url);
  } catch (e) {
    // An old or damaged file must not take the server down: the lexicons take over until retraining.
    console.error(`scoring: ${name}.json not loaded (${e instanceof Error ? e.message : String(e)})`);
    return undefined;
  }
}

function nbTable(m: LinearModel | undefined): NaiveBayesLogOdds | undefined {
  try {
    return m && new NaiveBayesLogOdds(m);
  } catch (e) {
    console.error(`scoring: complaint-en-nb.json not used (${e instanceof Error ? e.message : String(e)})`);
    return undefined;
  }
}

export const MODELS = {
  langid: load('langid'),
  sentiment: { am: load('sentiment-am'), sw: load('sentiment-sw'), ta: load('sentiment-ta') } as Record<string, LinearModel | undefined>,
  complaintEn: load('complaint-en'),
  /** added to complaintEn's log-odds when present */
  complaintEnNb: nbTable(load('complaint-en-nb')),
  complaintTransfer: load('complaint-transfer'),
};

/** Empties the per-word memos (the benchmark does this so it never times a warm memo of the same texts). */
export function clearModelCaches(): void {
  clearWords();
}
