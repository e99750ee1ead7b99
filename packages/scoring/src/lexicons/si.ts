import type { Lexicon } from './types.ts';

// Sinhala, in Sinhala script and romanised ("Singlish"). No labelled set exists yet, so this
// lexicon is the whole sentiment model for Sinhala. Verb-final: "hoda naha" = good not.
export const si: Lexicon = {
  lang: 'si',
  negators: ['නැහැ', 'නෑ', 'නැත', 'නැති', 'එපා', 'බැහැ', 'බෑ', 'නොවේ', 'නෙවෙයි', 'naha', 'nehe', 'neha', 'na', 'ne', 'epa', 'bae', 'ba', 'newei', 'nevei'],
  negationScope: 'after',
  intensifiers: ['ගොඩක්', 'හරිම', 'මාර', 'ඉතා', 'ඉතාම', 'godak', 'harima', 'maara', 'mara', 'very'],
  words: {
    'හොඳ*': 2, 'ලස්සන*': 2, 'ස්තූතියි': 2, 'ස්තුතියි': 2, 'නියම*': 3, 'සුපිරි': 3, 'ආදරෙයි': 3, 'සතුටු*': 3, 'ජය': 2, 'වටිනවා': 2,
    hoda: 2, hodai: 2, lassanai: 2, lassana: 2, sthuthi: 2, sthuthiyi: 2, isthuthi: 2, niyamai: 3, supiri: 3, adarei: 3, santhosai: 3, patta: 3,
    'නරක*': -3, 'පරක්කු*': -2, 'ප්‍රමාද*': -2, 'හොර*': -3, 'වංචා*': -3, 'කැඩි*': -2, 'කැඩුණ*': -2, 'කේන්ති*': -3, 'දුක*': -2, 'අපරාදේ': -3,
    'කාලකණ්ණි': -4, 'පල්': -3, 'ලැජ්ජයි': -2, 'ප්‍රශ්න*': -2, 'අවුල්': -2, 'එපාම': -3, 'බොරු': -3, 'මෝඩ*': -3,
    naraka: -3, narakai: -3, parakku: -2, horu: -3, horakam: -3, wanchawa: -3, kadila: -2, kenthi: -3, kenthiyi: -3, dukai: -2, aparade: -3,
    kalakanni: -4, pal: -3, prashna: -2, prashnayak: -2, awul: -2, boru: -3, modaya: -3, epawela: -3,
  },
  cues: {
    delivery: ['*ඇණවුම*', '*ඕඩර්*', '*පාර්සල*', '*ඩිලිවරි*', '*ලැබුණේ නැ*', '*ආවේ නැ*', '*ආවෙ නෑ*', 'order*', 'odar*', 'parcel*', 'delivery',
      'labune naha', 'labune nehe', 'awe naha', 'awe nehe', 'aawe na', 'aawe nehe', 'awe na'],
    refund: ['*සල්ලි ආපසු*', '*මුදල් ආපසු*', '*ආපසු දෙන්න*', '*සල්ලි දෙන්න*', 'salli apahu*', 'salli aapahu*', 'mudal apasu', 'refund*', 'apahu denna'],
    failure: ['*වැඩ කරන්නේ නැ*', '*වැඩ නැ*', '*කැඩි*', '*කැඩුණ*', '*ප්‍රශ්න*', '*අවුල්*', 'wada karanne naha', 'wada karanne nehe', 'wada na', 'kadila',
      'prashna*', 'awul', 'not working', 'broken'],
    waiting: ['*පරක්කු*', '*ප්‍රමාද*', '*බලාගෙන*', '*තාම*', '*දවස්*', 'සති*', '*උත්තරයක් නැ*', '*පිළිතුරක් නැ*', '*උත්තර නැ*', 'sathi*', 'parakku*', 'balagena',
      'thama', 'thaama', 'dawas', 'reply na', 'no reply', 'uththarayak naha', 'utharayak naha'],
    billing: ['*බිල*', '*ගාස්තු*', '*කපලා*', '*කැපුව*', '*දෙපාරක්*', '*දෙසැරයක්*', 'bill*', 'kapala', 'kepuwa', 'deparak', 'charge*'],
    fraud: ['*හොර*', '*වංචා*', '*බොරු*', 'horu', 'horakam', 'wanchawa', 'boru', 'scam', 'fraud'],
    anger: ['*නරක*', '*කේන්ති*', '*අපරාදේ*', '*කාලකණ්ණි*', 'naraka*', 'kenthi*', 'aparade', 'kalakanni', 'epawela', 'worst'],
  },
};
