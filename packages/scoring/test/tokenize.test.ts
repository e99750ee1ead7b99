import { describe, expect, it } from 'vitest';
import { segmentKhmer, tokenize } from '../src/tokenize.ts';
import { dominantOf, dominantScript, scriptCounter } from '../src/script.ts';

describe('tokenizer', () => {
  it('segments Khmer, written without spaces, into words', () => {
    expect(segmentKhmer('សេវាកម្មអាក្រក់ណាស់')).toEqual(['សេវាកម្ម', 'អាក្រក់', 'ណាស់']);
    const words = tokenize('ខ្ញុំមិនពេញចិត្តនឹងសេវាកម្មនេះទេ។').filter((t) => t.kind === 'word').map((t) => t.w);
    expect(words).toEqual(['ខ្ញុំ', 'មិន', 'ពេញចិត្ត', 'នឹង', 'សេវាកម្ម', 'នេះ', 'ទេ']);
  });

  it('squeezes elongation and flags it', () => {
    const [t] = tokenize('sooooo');
    expect(t).toMatchObject({ w: 'soo', elong: true });
  });

  it('keeps emoji, mentions and URLs as their own tokens', () => {
    const toks = tokenize('@Acme_Help broken again 😡 https://example.com/x #fail');
    expect(toks.map((t) => t.kind)).toEqual(['mention', 'word', 'word', 'emoji', 'url', 'word']);
    expect(toks[0]!.handle).toBe('acme_help');
    expect(toks[5]!.w).toBe('fail');
  });

  // The scan lower-cases as it goes and counts scripts in the same pass: it must give what lower-casing
  // the whole message first and counting separately gives, including where lower case is not one
  // context-free unit (İ -> "i̇"; final sigma).
  it('reads the message as lower-cased, and counts its scripts while it scans', () => {
    const view = (text: string): unknown => tokenize(text).map((t) => [t.w, t.kind, t.elong, t.handle]);
    const texts = [
      'My ORDER never ARRIVED @ShopCo_Help HTTPS://Shop.example/X WWW.Example.com #FAIL 😡 ©',
      'İstanbul ΟΔΟΣ ΣΑΣ. ΣΟΦΙΑ', '\ud83dİyi', 'KELVIN \u212a ǅemal ẞtraße', 'ትዕዛዜ አልደረሰም። ஆர்டர் வரல, very BAD', 'ការបញ្ជាទិញ មិនល្អ។ Ok',
    ];
    const counts = scriptCounter();
    for (const text of texts) {
      expect(view(text)).toEqual(view(text.toLowerCase()));
      tokenize(text, counts);
      expect(dominantOf(counts)).toBe(dominantScript(text));
    }
    expect(tokenize('ΟΔΟΣ').map((t) => t.w)).toEqual(['οδος']);
    expect(tokenize('@ShopCo_Help')[0]!.handle).toBe('shopco_help');
    expect(tokenize('HTTPS://Shop.example/X')[0]!.kind).toBe('url');
  });
});
