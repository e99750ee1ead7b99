// Search tokens for the multikey index (no $text on FerretDB). Intl.Segmenter splits every script,
// including those written without spaces (Khmer), into words.
const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });
const MAX_TOKENS = 200;

export function searchTokens(text: string): string[] {
  const out = new Set<string>();
  for (const s of segmenter.segment(text.normalize('NFC').toLowerCase())) {
    if (!s.isWordLike) continue;
    const w = s.segment.replace(/^[#@]+/, '');
    if (w.length === 0 || w.length > 64) continue;
    out.add(w);
    if (out.size >= MAX_TOKENS) break;
  }
  return [...out];
}
