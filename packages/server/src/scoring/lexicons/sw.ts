import type { Lexicon } from './types.ts';

// Swahili. Negation is mostly a verb prefix (ha-, si-, hu-), captured by stems below, plus
// separate words (si, sio, hakuna, hapana) that come before what they negate.
export const sw: Lexicon = {
  lang: 'sw',
  negators: ['si', 'sio', 'siyo', 'hapana', 'hakuna', 'bila', 'wala', 'sina', 'hatuna', 'hamna', 'haina', 'hana', 'sijawahi', 'not', 'no'],
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
