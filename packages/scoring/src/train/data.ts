// Training data access (used only by the train/eval scripts; never by the server at runtime).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fnv1a } from '../hash.ts';

export interface Row {
  text: string;
  label: string;
}

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/** ../shared/data relative to the repository root, unless INBOX_TRAINING_DATA says otherwise. */
export function dataRoot(): string {
  return process.env.INBOX_TRAINING_DATA ? path.resolve(process.env.INBOX_TRAINING_DATA) : path.resolve(REPO_ROOT, '../shared/data');
}

/** The files the train and eval commands read, as paths under the data root. */
export const DATA_FILES = ['am', 'sw', 'ta', 'si', 'km', 'en'].map((l) => `sentiment/${l}/train.tsv`).concat('complaints/en/train.tsv');

/** The data files missing under the data root (the train and eval commands refuse to run without them). */
export function missingTrainingData(): string[] {
  return DATA_FILES.filter((f) => !fs.existsSync(path.join(dataRoot(), f)));
}

export function readTsv(rel: string): Row[] {
  const file = path.join(dataRoot(), rel);
  if (!fs.existsSync(file)) throw new Error(`training data not found: ${file} (set INBOX_TRAINING_DATA)`);
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const rows: Row[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    if (!line) continue;
    const tab = line.lastIndexOf('\t');
    if (tab < 0) continue;
    rows.push({ text: line.slice(0, tab), label: line.slice(tab + 1).trim() });
  }
  return rows;
}

/** Deterministic hold-out: a fifth of the rows, chosen by a hash of the text (never trained on). */
export function isValidation(text: string): boolean {
  return fnv1a(text, 0x2545f491) % 5 === 0;
}

export function split(rows: Row[]): { train: Row[]; val: Row[] } {
  const train: Row[] = [];
  const val: Row[] = [];
  for (const r of rows) (isValidation(r.text) ? val : train).push(r);
  return { train, val };
}

/** Fold number in [0, k) for cross-validation inside the training part, also by hash. */
export function foldOf(text: string, k: number): number {
  return fnv1a(text, 0x68e31da4) % k;
}

export const SENTIMENT_LANGS = ['am', 'sw', 'ta', 'si', 'km', 'en'] as const;
export const SENTIMENT_CLASSES = ['negative', 'neutral', 'positive'] as const;
