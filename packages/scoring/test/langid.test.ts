import { describe, expect, it } from 'vitest';
import { identify } from '../src/langid.ts';
import { dominantScript } from '../src/script.ts';
import { scoreMessage } from '../src/index.ts';

// All sentences below were written for these tests.
describe('language identification', () => {
  it('detects native scripts by Unicode block', () => {
    expect(identify('ትዕዛዜ እስካሁን አልደረሰም').lang).toBe('am');
    expect(identify('என் ஆர்டர் இன்னும் வரவில்லை').lang).toBe('ta');
    expect(identify('මගේ ඇණවුම තාම ලැබුණේ නැහැ').lang).toBe('si');
    expect(identify('ការបញ្ជាទិញរបស់ខ្ញុំមិនទាន់មកដល់ទេ').lang).toBe('km');
  });

  it('keeps the native language when English words are mixed in', () => {
    expect(identify('ஆர்டர் இன்னும் வரல, very bad service').lang).toBe('ta');
    expect(identify('@brand ሰላም order ቁጥር 1234 አልደረሰም').lang).toBe('am');
    expect(dominantScript('hello world')).toBe('latin');
  });

  it('tells English, Swahili and romanised Tamil apart with the n-gram model', () => {
    expect(identify('My parcel never arrived and nobody answers my emails').lang).toBe('en');
    expect(identify('Habari, mzigo wangu bado haujafika na hamjibu simu zangu').lang).toBe('sw');
    expect(identify('Enna da ithu, order innum varala, romba mosam').lang).toBe('ta');
  });

  it('recognises romanised Sinhala and Amharic', () => {
    expect(identify('mata order eka thama labune naha').lang).toBe('si');
    expect(identify('yih agelglot betam metfo new').lang).toBe('am');
  });

  it('falls back to und when there is nothing to go on', () => {
    expect(identify('').lang).toBe('und');
    expect(identify('👍👍 !!!').lang).toBe('und');
    expect(identify('12345').lang).toBe('und');
    expect(identify('Привет, как дела?').lang).toBe('und');
  });

  it("takes a network's language hint only where the text does not tell", () => {
    // X's own guess for romanised Tamil is often English; the text says Tamil.
    expect(scoreMessage({ text: 'Enna da ithu, order innum varala, romba mosam', langHint: 'en' }).lang).toBe('ta');
    expect(scoreMessage({ text: 'ትዕዛዜ እስካሁን አልደረሰም', langHint: 'en-US' }).lang).toBe('am');
    expect(scoreMessage({ text: '👍👍 !!!', langHint: 'sw-KE' }).lang).toBe('sw');
    expect(scoreMessage({ text: '👍👍 !!!' }).lang).toBe('und');
    // A given language is the language.
    expect(scoreMessage({ text: 'Enna da ithu, order innum varala', lang: 'en' }).lang).toBe('en');
  });
});

describe('Latin-script languages we do not score', () => {
  // Written for this test: a German mail, filler text, a Japanese mail's romanised signature, French.
  it('are und, not English or romanised Tamil', () => {
    expect(identify('Guten Tag, ich möchte meine Bestellung stornieren. Mit freundlichen Grüßen').lang).toBe('und');
    expect(identify('Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor').lang).toBe('und');
    expect(identify('Yamada Taro / Kabushiki Kaisha Sakura / Yoroshiku onegaishimasu').lang).toBe('und');
    expect(identify("Bonjour, je n'ai pas reçu ma commande, merci de vérifier").lang).toBe('und');
    expect(scoreMessage({ text: 'Lorem ipsum dolor sit amet, consectetur adipiscing elit' }).lang).toBe('und');
  });

  it('leave English with a foreign word or name in it English', () => {
    expect(identify('Thanks for the quick delivery, danke!').lang).toBe('en');
    expect(identify('My order from Café de la Paix never arrived').lang).toBe('en');
  });
});
