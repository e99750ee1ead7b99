// Unicode script detection: the first, cheapest step of language identification.
// Native scripts map straight to a language; only Latin text needs the n-gram model.

export type Script = 'ethiopic' | 'tamil' | 'sinhala' | 'khmer' | 'latin' | 'other' | 'none';

export const SCRIPT_LANG: Partial<Record<Script, string>> = {
  ethiopic: 'am',
  tamil: 'ta',
  sinhala: 'si',
  khmer: 'km',
};

function scriptOf(c: number): Script | null {
  if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7)) return 'latin';
  if (c < 0x80) return null; // digits, punctuation, spaces
  if ((c >= 0x1200 && c <= 0x139f) || (c >= 0x2d80 && c <= 0x2ddf) || (c >= 0xab00 && c <= 0xab2f)) return 'ethiopic';
  if (c >= 0x0b80 && c <= 0x0bff) return 'tamil';
  if (c >= 0x0d80 && c <= 0x0dff) return 'sinhala';
  if ((c >= 0x1780 && c <= 0x17ff) || (c >= 0x19e0 && c <= 0x19ff)) return 'khmer';
  // Letters of other scripts count as "other"; emoji, symbols and surrogates do not count at all.
  if (c >= 0xd800 && c <= 0xdfff) return null;
  if (c >= 0x2000 && c <= 0x2bff) return null;
  if (c === 0x200c || c === 0x200d) return null;
  return 'other';
}

export interface ScriptCounts {
  total: number;
  counts: Record<Script, number>;
}

const ORDER: Script[] = ['ethiopic', 'tamil', 'sinhala', 'khmer', 'latin', 'other'];
/** scriptOf for every UTF-16 unit, as 1 + index in ORDER (0 = does not count): one table read per character. */
export const SCRIPT_TABLE = new Uint8Array(65536);
for (let c = 0; c < 65536; c++) {
  const s = scriptOf(c);
  SCRIPT_TABLE[c] = s === null ? 0 : 1 + ORDER.indexOf(s);
}

/** Per-script letter counts, indexed like SCRIPT_TABLE (index 0 collects what does not count). */
export type ScriptCounter = Int32Array;
export function scriptCounter(): ScriptCounter {
  return new Int32Array(8);
}

/** The letters of each script in text, into c (zeroed first). */
export function countScriptsInto(text: string, c: ScriptCounter): void {
  c.fill(0);
  const T = SCRIPT_TABLE;
  for (let i = 0; i < text.length; i++) c[T[text.charCodeAt(i)]!]!++;
}

const cnt = scriptCounter();
export function countScripts(text: string): ScriptCounts {
  countScriptsInto(text, cnt);
  const e = cnt[1]!, ta = cnt[2]!, si = cnt[3]!, km = cnt[4]!, la = cnt[5]!, ot = cnt[6]!;
  const counts: Record<Script, number> = { ethiopic: e, tamil: ta, sinhala: si, khmer: km, latin: la, other: ot, none: 0 };
  return { total: e + ta + si + km + la + ot, counts };
}

/**
 * The script that decides the language. A native script wins over Latin once it makes up a fifth of
 * the letters, because code-mixed messages ("ஆர்டர் இன்னும் வரல, very bad") are native-language
 * messages with English words in them, not English ones.
 */
export function dominantScript(text: string): Script {
  // Same decision as from countScripts(), without building its objects.
  countScriptsInto(text, cnt);
  return dominantOf(cnt);
}

/** dominantScript() from counts made elsewhere (the tokenizer counts while it scans: tokenize()). */
export function dominantOf(c: ScriptCounter): Script {
  const la = c[5]!, ot = c[6]!;
  let total = la + ot;
  let best = 0;
  let bestN = 0;
  for (let k = 1; k <= 4; k++) {
    const n = c[k]!;
    total += n;
    if (n > bestN) {
      best = k;
      bestN = n;
    }
  }
  if (total === 0) return 'none';
  if (bestN > 0 && (bestN >= 0.2 * total || bestN >= 6)) return ORDER[best - 1]!;
  if (la >= ot && la > 0) return 'latin';
  return ot > 0 ? 'other' : 'none';
}
