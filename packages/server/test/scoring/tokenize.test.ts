import { describe, expect, it } from 'vitest';
import { segmentKhmer, tokenize } from '../../src/scoring/tokenize.ts';

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
});
