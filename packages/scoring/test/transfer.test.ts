import { describe, expect, it } from 'vitest';
import { scoreMessage } from '../src/index.ts';
import { analyze } from '../src/analyze.ts';
import { cueWords } from '../src/lexscore.ts';
import { MODELS } from '../src/models.ts';

// Sentences written for these tests (no labelled complaint data exists outside English): what a
// customer of an online shop writes, each an obvious complaint or plainly not one.
const COMPLAINTS: Record<string, string[]> = {
  sw: [
    'Oda yangu haijafika bado, nataka pesa zangu zirudishwe', // my order has not come, I want my money returned
    'Nimesubiri wiki mbili na mzigo wangu haujafika', // I have waited two weeks and my parcel has not come
    'Bidhaa imefika ikiwa imevunjika', // the goods arrived broken
    'Nimeagiza viatu wiki iliyopita na bado sijapokea', // I ordered shoes last week and still have not received them
    'Laptop mliyoniuzia haiwaki kabisa', // the laptop you sold me does not turn on at all
  ],
  am: [
    'ትዕዛዜ እስካሁን አልደረሰም ገንዘቤን መልሱልኝ', // my order has not arrived yet, give me back my money
    'የገዛሁት ስልክ ተበላሽቷል', // the phone I bought is broken
    'ሁለት ጊዜ ከፍያለሁ ገንዘቤ ይመለስ', // I paid twice, return my money
    'ያዘዝኩት ዕቃ ሳይደርሰኝ ሁለት ሳምንት ሆነው', // two weeks and the item I ordered has not reached me
  ],
  ta: [
    'எனது ஆர்டர் இன்னும் வரவில்லை', // my order has not come yet
    'வாங்கிய போன் வேலை செய்யவில்லை', // the phone I bought does not work
    'மோசமான சேவை, ரொம்ப கோபமா இருக்கு', // bad service, I am very angry
    'பணம் கட்டினேன் ஆனால் ஆர்டர் ரத்து ஆகிவிட்டது', // I paid but the order was cancelled
    'Order innum varala, romba mosam',
    'phone work aagala, refund venum',
  ],
  si: [
    'සති දෙකක් බලාගෙන ඉන්නවා, කිසිම උත්තරයක් නැහැ', // waiting two weeks, no answer at all
    'ගත්ත ෆෝන් එක වැඩ කරන්නේ නැහැ', // the phone I bought does not work
    'මගෙන් දෙපාරක් සල්ලි කැපුවා', // they took my money twice
    'මට එවපු ෆෝන් එක කැඩිලා', // the phone they sent me is broken
    'phone eka wada karanne naha',
  ],
  km: [
    'ខ្ញុំរង់ចាំពីរសប្តាហ៍ហើយ គ្មានការឆ្លើយតប', // I have waited two weeks, no reply
    'ទូរស័ព្ទដែលខ្ញុំទិញខូចហើយ', // the phone I bought is broken
    'ខ្ញុំបានបង់លុយហើយ តែមិនទាន់ទទួលបានអីវ៉ាន់ទេ', // I paid, but have not received the goods
  ],
};

const NOT_COMPLAINTS: Record<string, string[]> = {
  sw: ['Huduma nzuri sana, nitanunua tena', 'Habari, duka lenu linafunguliwa saa ngapi?', 'Naomba kujua bei ya simu hii'],
  am: ['በጣም አመሰግናለሁ ጥሩ አገልግሎት', 'ሱቃችሁ ስንት ሰዓት ይከፈታል?'],
  ta: ['நன்றி, நல்ல சேவை', 'romba nandri, super service', 'இந்த புடவை வேறு நிறத்தில் கிடைக்குமா?'],
  si: ['හොඳ සේවාවක්, බොහොම ස්තූතියි', 'කඩේ ඇරෙන්නේ කීයටද?'],
  // "What time does the shop open?": ម៉ោង (o'clock) is not waiting.
  km: ['អរគុណសម្រាប់ការដឹកជញ្ជូនរហ័ស', 'ហាងបើកម៉ោងប៉ុន្មាន?'],
};

describe('complaint detection beyond English (transfer through the cue lists)', () => {
  for (const [lang, texts] of Object.entries(COMPLAINTS)) {
    it(`flags obvious complaints in ${lang}, detected as ${lang}, and never calls them praise`, () => {
      for (const text of texts) {
        const r = scoreMessage({ text });
        expect({ text, lang: r.lang, flag: r.complaint.flag }).toEqual({ text, lang, flag: true });
        expect(r.sentiment.label).not.toBe('positive');
        expect(r.complaint.reasons.length).toBeGreaterThan(0);
      }
    });
  }

  for (const [lang, texts] of Object.entries(NOT_COMPLAINTS)) {
    it(`does not flag thanks and questions in ${lang}`, () => {
      for (const text of texts) expect({ text, flag: scoreMessage({ text }).complaint.flag }).toEqual({ text, flag: false });
    });
  }

  it('calls a flagged complaint negative in lexicon-only languages and names the cue words that made it one', () => {
    // No polarity word in either: the cues alone make them complaints.
    for (const text of ['ගත්ත ෆෝන් එක වැඩ කරන්නේ නැහැ', 'ខ្ញុំរង់ចាំពីរសប្តាហ៍ហើយ គ្មានការឆ្លើយតប']) {
      const r = scoreMessage({ text });
      expect(r.complaint.flag).toBe(true);
      expect(r.sentiment.label).toBe('negative');
      expect(r.sentiment.words.length).toBeGreaterThan(0);
      for (const w of r.sentiment.words) expect(text).toContain(w);
    }
    const a = analyze('මගේ ඇණවුම තාම ලැබුණේ නැහැ', 'si');
    // ඇණවුම (order) and තාම (still) match inside words; ලැබුණේ නැහැ (not received) is a two-word phrase.
    expect(cueWords(a.tokens, a.lex)).toEqual(['ඇණවුම', 'තාම', 'ලැබුණේ', 'නැහැ']);
    expect(cueWords(analyze('thank you, all good', 'si').tokens, a.lex)).toEqual([]);
  });

  it('scores Tamil script with the lexicons: the Tamil model learnt from romanised comments only', () => {
    const m = MODELS.sentiment.ta!;
    expect(m.covers('latin')).toBe(true);
    expect(m.covers('tamil')).toBe(false);
    expect(MODELS.sentiment.am!.covers('ethiopic')).toBe(true);
    // The model's prior is praise (78 % of its data); the lexicon sees no polarity word here.
    expect(scoreMessage({ text: 'வாங்கிய போன் வேலை செய்யவில்லை' }).sentiment.label).not.toBe('positive');
    expect(scoreMessage({ text: 'நன்றி, நல்ல சேவை' }).sentiment.label).toBe('positive');
  });
});
