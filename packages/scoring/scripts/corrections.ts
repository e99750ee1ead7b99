// `--with-corrections <file>` for the trainer: a JSONL export of agents' complaint corrections
// (`npm run export:corrections`), one {"text", "lang"?, "complaint"} per line, validated line by line.
import fs from 'node:fs';
import { z } from 'zod';

export const Correction = z.object({ text: z.string().min(1), lang: z.string().min(2).max(35).optional(), complaint: z.boolean() });
export type Correction = z.infer<typeof Correction>;

export function readCorrections(file: string): Correction[] {
  const out: Correction[] = [];
  fs.readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw new Error(`${file}:${i + 1}: not JSON`);
    }
    const r = Correction.safeParse(json);
    if (!r.success) throw new Error(`${file}:${i + 1}: ${r.error.issues.map((x) => `${x.path.join('.') || 'line'}: ${x.message}`).join('; ')}`);
    // The language as scoring knows it: its primary tag ("en-GB" -> "en").
    out.push({ ...r.data, ...(r.data.lang ? { lang: r.data.lang.toLowerCase().split('-')[0]! } : {}) });
  });
  return out;
}

/** The corrections named by `--with-corrections <file>` (or `--with-corrections=<file>`) in argv; none without it. */
export function correctionsFrom(argv: string[]): Correction[] {
  const i = argv.findIndex((a) => a === '--with-corrections' || a.startsWith('--with-corrections='));
  if (i < 0) return [];
  const file = argv[i]!.includes('=') ? argv[i]!.slice(argv[i]!.indexOf('=') + 1) : argv[i + 1];
  if (!file) throw new Error('--with-corrections needs a file');
  return readCorrections(file);
}
