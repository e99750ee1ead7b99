// Agents' complaint corrections as JSON Lines, one {"text", "lang"?, "complaint"} per line, oldest
// first, the latest correction of a message winning: the format `npm run train:scoring --
// --with-corrections <file>` reads. No user ids, message ids or dates leave the database.
import { ComplaintCorrection } from '../models/complaint-correction.ts';

export async function exportCorrections(write: (line: string) => void): Promise<number> {
  const docs = await ComplaintCorrection.find({}, { text: 1, lang: 1, complaint: 1, messageId: 1, at: 1 }).sort({ at: 1 }).lean();
  // The last word on a message counts (an agent may flip a flag twice); corrections without a message id all count.
  const latest = new Map<string, (typeof docs)[number]>();
  const loose: Array<(typeof docs)[number]> = [];
  for (const d of docs) {
    if (d.messageId) latest.set(d.messageId, d);
    else loose.push(d);
  }
  const out = [...loose, ...latest.values()].sort((a, b) => +a.at - +b.at);
  for (const d of out) write(JSON.stringify({ text: d.text, ...(d.lang ? { lang: d.lang } : {}), complaint: d.complaint }));
  return out.length;
}
