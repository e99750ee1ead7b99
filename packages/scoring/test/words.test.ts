import { describe, expect, it } from 'vitest';
import { analyze } from '../src/analyze.ts';
import { complaintProbability } from '../src/complaint.ts';
import { cueHits, lexScore, negationMask } from '../src/lexscore.ts';
import { MODELS } from '../src/models.ts';
import { modelSentiment } from '../src/sentiment.ts';
import { tokenize } from '../src/tokenize.ts';
import { clearWords, WORDS } from '../src/words.ts';

// Sentences written for these tests (no training data rows).
const SW = 'Agizo langu halijafika bado, sitaki tena huduma mbaya hii';
const EN = 'my parcel still has not arrived after three weeks @shiphelp';

/** Everything the models and lexicons derive from an analysis, recomputed from its tokens now. */
function derived(a: ReturnType<typeof analyze>): unknown {
  const neg = negationMask(a.tokens, a.lex);
  return {
    neg: [...neg],
    ls: lexScore(a.tokens, a.lex, neg),
    cues: cueHits(a.tokens, a.lex),
    sentiment: a.lang === 'sw' ? modelSentiment(a, MODELS.sentiment.sw!) : null,
    complaint: complaintProbability(a, 0, false).probability,
  };
}

/** Fills the emptied word table with other words, so old word ids and rows now belong to them. */
function refill(): void {
  for (let i = 0; i < 300; i++) {
    const a = analyze(`neno${i} jingine${i} tofauti${i} word${i} other${i}`, i % 2 ? 'sw' : 'en');
    if (a.lang === 'sw') modelSentiment(a, MODELS.sentiment.sw!);
    complaintProbability(a, 0, false);
  }
}

describe('word table', () => {
  it('gives a word the same row and id every time while the table holds it', () => {
    const [a, b] = [tokenize('huduma mbaya'), tokenize('mbaya huduma')];
    expect(a[0]!.slot).toBe(b[1]!.slot);
    expect(a[0]!.id).toBe(b[1]!.id);
    expect(a[1]!.id).not.toBe(a[0]!.id);
    expect(a[0]!.w).toBe('huduma');
  });

  it('scores a message the same before and after the table is emptied', () => {
    clearWords();
    const first = [derived(analyze(SW, 'sw')), derived(analyze(EN, 'en'))];
    clearWords();
    refill();
    expect([derived(analyze(SW, 'sw')), derived(analyze(EN, 'en'))]).toEqual(first);
  });

  it('never lets a token made before the table was emptied read the memo or facts of the word that took its id', () => {
    clearWords();
    const fresh = [derived(analyze(SW, 'sw')), derived(analyze(EN, 'en'))];
    clearWords();
    // Analyses made now, then the table emptied and refilled: their tokens' ids and rows are reused.
    const stale = [analyze(SW, 'sw'), analyze(EN, 'en')];
    const gen = WORDS.gen;
    clearWords();
    refill();
    expect(stale[0]!.tokens[0]!.gen).toBe(gen);
    expect(WORDS.gen).not.toBe(gen);
    expect(stale.map(derived)).toEqual(fresh);
  });
});
