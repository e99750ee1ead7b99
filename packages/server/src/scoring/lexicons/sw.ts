import type { Lexicon } from './types.ts';

// Swahili. Negation is mostly a verb prefix (ha-, si-, hu-), captured by stems below, plus
// separate words (si, sio, hakuna, hapana) that come before what they negate.
export const sw: Lexicon = {
  lang: 'sw',
  negators: ['si', 'sio', 'siyo', 'hapana', 'hakuna', 'bila', 'wala', 'sina', 'hatuna', 'hamna', 'haina', 'hana', 'sijawahi', 'hajawahi',
    'hatujawahi', 'haikuwa', 'hakuwa', 'sikuwa', 'hatukuwa', 'haiko', 'hayupo', 'not', 'no'],
  negationScope: 'before',
  intensifiers: ['sana', 'kabisa', 'mno', 'zaidi', 'kweli', 'very', 'so'],
  words: {
    nzuri: 2, mzuri: 2, wazuri: 2, vizuri: 2, safi: 2, 'asante*': 2, 'shukran*': 2, 'hongera*': 3, furaha: 3, 'upendo': 2, 'napenda': 2,
    'nawapenda': 3, 'nakupenda': 3, bora: 2, poa: 2, heri: 2, baraka: 2, 'amani': 1, ushindi: 2, hodari: 2, 'ahsante*': 2, 'karibu': 1,
    mbaya: -3, vibaya: -3, wabaya: -3, 'tatizo': -2, 'matatizo': -2, shida: -2, hasira: -3, huzuni: -3, 'wizi': -3, 'wezi': -3, mwizi: -3,
    'ufisadi': -3, uongo: -2, mwongo: -2, waongo: -2, chuki: -3, hatari: -2, kifo: -3, vifo: -3, 'vita': -2, 'kuchelewa': -2, 'imechelewa': -2,
    mbovu: -2, 'kero': -2, 'malalamiko': -2, 'ulaghai': -3, 'tapeli': -3, 'matapeli': -3, aibu: -3, 'ujinga': -3, 'mjinga': -3,
    'ajali': -2, 'uchungu': -2, 'maumivu': -2, 'masikitiko': -2, 'inasikitisha': -3, 'hovyo': -3, 'ovyo': -3, 'kufa': -2, 'amefariki': -2,
    'ubaguzi': -3, 'ukatili': -3, 'uonevu': -3, 'wamekufa': -3, 'virusi': -1, 'corona': -1, 'majambazi': -3, 'imeharibika': -2,
    // More everyday words (written for this project): praise, thanks, joy, blessing, success ...
    pongezi: 3, 'kongole': 3, heko: 3, 'nafurahi': 3, 'tunafurahi': 3, 'furahi*': 2, 'nashukuru': 2, 'tunashukuru': 2, shukrani: 2,
    'barikiwa': 2, 'kubariki': 2, 'akubariki': 2, 'awabariki': 2, mwema: 2, wema: 2, njema: 2, jema: 2, mema: 2, vyema: 2, 'kizuri': 2,
    'pendeza': 2, 'inapendeza': 3, 'kupendeza': 2, 'mrembo': 2, 'warembo': 2, 'tamu': 2, 'kitamu': 2, 'raha': 2, 'starehe': 1,
    'tabasamu': 2, 'shangwe': 2, 'fahari': 2, 'tunajivunia': 3, 'najivunia': 3, 'mafanikio': 2, 'fanikiwa': 2, 'bingwa': 2,
    'mabingwa': 2, 'shujaa': 2, 'mashujaa': 2, 'tumaini': 1, 'matumaini': 1, 'imara': 1, 'umoja': 1, 'salama': 1, 'bahati': 1,
    'hongereni': 3, 'asanteni': 2, 'mpendwa': 2, 'wapendwa': 2, 'penzi': 2, 'mapenzi': 1, 'amina': 1,
    // ... and grief, harm, fear, corruption, insults, waste.
    'nasikitika': -2, 'tunasikitika': -2, 'sikitika': -2, 'pole': -1, 'poleni': -1, msiba: -3, misiba: -3, rambirambi: -2, kilio: -2,
    machozi: -2, ugonjwa: -2, mgonjwa: -1, njaa: -2, umaskini: -2, dhuluma: -3, unyanyasaji: -3, ukandamizaji: -3, rushwa: -3,
    mafisadi: -3, fisadi: -3, vurugu: -2, fujo: -2, ghasia: -2, mauaji: -3, 'wameuawa': -3, 'ameuawa': -3, hofu: -2, woga: -2,
    wasiwasi: -1, dharau: -2, matusi: -3, kashfa: -2, uzembe: -2, mzembe: -2, wazembe: -2, udhalimu: -3, dhalimu: -3, wajinga: -3,
    upumbavu: -3, mpumbavu: -3, pumbavu: -3, takataka: -2, uchafu: -2, mchafu: -2, kichaa: -2, janga: -2, maafa: -3, hasara: -2,
    fedheha: -3, taabu: -2, mateso: -3, ukame: -1, mafuriko: -2, marehemu: -2, 'alifariki': -2, 'wamefariki': -3, 'fariki*': -2,
    lawama: -2, feki: -2, 'sipendi': -2, 'hatupendi': -2, 'hapendi': -2, 'sikubali': -1, 'hatukubali': -2,
  },
  cues: {
    delivery: ['mzigo*', 'oda*', 'order*', 'haujafika', 'haijafika', 'haijaletwa', 'sijapokea', 'sijapata', 'usafirishaji', 'delivery', 'kifurushi*'],
    refund: ['rudisha*', 'nirudishie*', 'turudishie*', 'marejesho', 'pesa yangu', 'hela yangu', 'refund', 'fidia'],
    failure: ['haifanyi kazi', 'haifanyi', 'imeharibika', 'imekufa', 'mbovu', 'tatizo', 'matatizo', 'shida', 'mtandao', 'hitilafu', 'haiwezi', 'imekataa'],
    waiting: ['nasubiri', 'tunasubiri', 'tangu', 'siku*', 'wiki', 'masaa', 'hamjibu', 'hakuna majibu', 'hamjajibu', 'imechelewa', 'kuchelewa'],
    billing: ['makato', 'imekatwa', 'nimekatwa', 'salio', 'bando', 'malipo', 'gharama', 'bili'],
    fraud: ['wizi', 'wezi', 'mwizi', 'tapeli', 'matapeli', 'ulaghai', 'utapeli', 'mmeniibia', 'wameniibia'],
    anger: ['aibu', 'hovyo', 'ovyo', 'mbaya', 'kero', 'malalamiko', 'nimechoka', 'tumechoka', 'huduma mbovu'],
  },
};
