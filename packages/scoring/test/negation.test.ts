import { describe, expect, it } from 'vitest';
import { scoreMessage } from '../src/index.ts';
import { analyze } from '../src/analyze.ts';

const label = (text: string, lang?: string): string => scoreMessage({ text, lang }).sentiment.label;

describe('negation, intensifiers, elongation, emoji', () => {
  it('flips English polarity after a negator', () => {
    expect(label('The support team was helpful')).toBe('positive');
    expect(label('The support team was not helpful')).toBe('negative');
  });

  it('looks after the word in verb-final languages (Tamil, Sinhala)', () => {
    // "nalla illa" = good not; "හොඳ නැහැ" = good not
    expect(analyze('service nalla', 'ta').ls.total).toBeGreaterThan(0);
    expect(analyze('service nalla illa', 'ta').ls.total).toBeLessThan(0);
    expect(analyze('සේවාව හොඳයි', 'si').ls.total).toBeGreaterThan(0);
    expect(analyze('සේවාව හොඳ නැහැ', 'si').ls.total).toBeLessThan(0);
  });

  it('reads Swahili negative verb prefixes on a stem, and only as a prefix', () => {
    // ni-me-ridhika "I am satisfied", si-ja-ridhika "I am not yet satisfied", ku-to-ridhika "not to be satisfied"
    expect(analyze('nimeridhika na huduma', 'sw').ls.total).toBeGreaterThan(0);
    expect(analyze('sijaridhika na huduma', 'sw').ls.total).toBeLessThan(0);
    expect(analyze('kutoridhika kwa wateja', 'sw').ls.total).toBeLessThan(0);
    expect(analyze('hawapendi huduma', 'sw').ls.total).toBeLessThan(0);
    // a negated negative word is not praise: "haijachelewa" = it is not late
    expect(analyze('imechelewa', 'sw').ls.total).toBeLessThan(0);
    expect(analyze('haijachelewa', 'sw').ls.total).toBe(0);
    // "si" that is part of the stem (sikitika "be sad") is no negation
    expect(analyze('nasikitika', 'sw').ls.total).toBeLessThan(0);
    expect(analyze('sikitiko', 'sw').ls.total).toBeLessThan(0);
    expect(scoreMessage({ text: 'Sijaridhika kabisa na huduma yenu', lang: 'sw' }).complaint.flag).toBe(true);
  });

  it('looks before the word in Khmer, after segmentation', () => {
    expect(label('សេវាកម្មល្អ')).toBe('positive');
    expect(label('សេវាកម្មមិនល្អ')).toBe('negative');
  });

  it('makes intensified and elongated words stronger', () => {
    const plain = analyze('this is bad', 'en').ls.total;
    expect(analyze('this is very bad', 'en').ls.total).toBeLessThan(plain);
    expect(analyze('this is baaaad', 'en').ls.total).toBeLessThan(plain);
  });

  it('scores emoji', () => {
    expect(analyze('ok 😡', 'en').ls.total).toBeLessThan(0);
    expect(analyze('ok 😍', 'en').ls.total).toBeGreaterThan(0);
  });
});
