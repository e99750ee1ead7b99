import type { Lexicon } from './types.ts';

// Swahili. Negation is mostly a verb prefix (ha-, si-, hu-), captured by stems below, plus
// separate words (si, sio, hakuna, hapana) that come before what they negate.
export const sw: Lexicon = {
  lang: 'sw',
  negators: ['si', 'sio', 'siyo', 'hapana', 'hakuna', 'bila', 'wala', 'sina', 'hatuna', 'hamna', 'haina', 'hana', 'sijawahi', 'hajawahi',
    'hatujawahi', 'haikuwa', 'hakuwa', 'sikuwa', 'hatukuwa', 'haiko', 'hayupo', 'not', 'no'],
  negationScope: 'before',
  // Negative subject prefixes (si-, ha-, hatu-, ham-, hawa-, and the noun classes' hai-, hazi-, hali-, ...,
  // kuto- of the infinitive), then an optional tense (-ja- not yet, -ku- past, -ta- future) and object marker.
  negatedStem: /^(?:si|ha|hatu|ham|hamu|hawa|hai|hau|hazi|hali|haya|haki|havi|hapa|hayu|kuto)(?:ja|ku|ta|to)?(?:ni|ku|mu|m|mw|tu|wa|i|u|zi|li|ya|ki|vi|ji)?$/,
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
    pongezi: 3, 'kongole': 3, heko: 3, 'nafurahi': 3, 'tunafurahi': 3, 'nashukuru': 2, 'tunashukuru': 2, shukrani: 2,
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
    fedheha: -3, taabu: -2, mateso: -3, ukame: -1, mafuriko: -2, marehemu: -2, 'alifariki': -2, 'wamefariki': -3,
    lawama: -2, feki: -2, 'sipendi': -2, 'hatupendi': -2, 'hapendi': -2, 'sikubali': -1, 'hatukubali': -2,
    // News and everyday hardship (much of the Swahili we see is news-like): injury, arrest, attack,
    // disease, shortage, conflict, dismissal, abuse; and winning, celebrating, awards.
    'majeruhi': -2, 'wamejeruhiwa': -3, 'amejeruhiwa': -3, 'kujeruhiwa': -2, 'kuuawa': -3, 'aliuawa': -3, 'waliuawa': -3,
    'wamekamatwa': -2, 'amekamatwa': -2, 'kukamatwa': -2, 'mtuhumiwa': -2, 'watuhumiwa': -2, 'tuhuma': -2, 'jela': -2, 'gerezani': -2,
    'mlipuko': -2, 'bomu': -3, 'shambulio': -3, 'mashambulizi': -3, 'kushambuliwa': -3, 'ugaidi': -3, 'magaidi': -3, 'gaidi': -3,
    'ubakaji': -4, 'kubaka': -4, 'kunyanyaswa': -3, 'kupigwa': -2, 'alipigwa': -2, 'walizama': -3, 'kuzama': -2, 'kuungua': -2,
    'magonjwa': -2, 'saratani': -3, 'ukimwi': -2, 'kipindupindu': -3, 'ebola': -3, 'uhaba': -2, 'upungufu': -2, 'ukosefu': -2,
    'wamekosa': -2, 'kufukuzwa': -2, 'amefukuzwa': -2, 'kujiuzulu': -1, 'mgogoro': -2, 'migogoro': -2, 'mzozo': -2, 'ugomvi': -2,
    'kugombana': -2, 'wavurugana': -2, 'kutekwa': -3, 'utekaji': -3, 'ametekwa': -3, 'kupotea': -2, 'amepotea': -2, 'inahuzunisha': -3,
    'kudhulumiwa': -3, 'uhuni': -3, 'wahuni': -3, 'mhuni': -3, 'ubadhirifu': -3, 'udanganyifu': -3, 'kudanganya': -2, 'uovu': -3,
    'waovu': -3, 'mwovu': -3, 'laana': -3, 'ngumu': -1, 'magumu': -1, 'gumu': -1, 'kuteseka': -3, 'wanateseka': -3, 'maskini': -2,
    'masikini': -2, 'jambazi': -3, 'ujambazi': -3, 'hujuma': -3, 'uvamizi': -3, 'kuvamia': -2, 'kifungo': -2, 'amefungwa': -2,
    'wanalalamika': -2, 'analalamika': -2, 'kulalamika': -2, 'udhaifu': -2, 'dhaifu': -2, 'kushindwa': -2,
    'ameshindwa': -2, 'wameshindwa': -2, 'tumeshindwa': -2, 'huupuzi': -3, 'upuuzi': -3, 'mpuuzi': -3,
    'kushinda': 2, 'ameshinda': 2, 'wameshinda': 2, 'tumeshinda': 3, 'sherehe': 2, 'kusherehekea': 2, 'tuzo': 2, 'zawadi': 2,
    'neema': 2, 'kipaji': 2, 'bravo': 3, 'nimependa': 3, 'tumependa': 3, 'imenifurahisha': 3, 'furahisha*': 3,
    'bomba': 2, 'freshi': 1, 'shwari': 1, 'shukur*': 2, 'barik*': 2, 'ubarikiwe': 3, 'mbarikiwe': 3, 'tunakupenda': 3,
    'tunawapenda': 3, 'kupendwa': 2, 'mpenzi': 2, 'wapenzi': 1, 'maendeleo': 1, 'kuboresha': 1, 'faida': 1,
    'inauma': -2, 'imevunjika': -2, 'nimekasirika': -3, 'nimekerwa': -2, 'nimeibiwa': -3, 'nimetapeliwa': -3, 'umeniudhi': -3, 'udhi*': -2, 'inakera': -3, 'kukera': -2, 'kinyaa': -3, 'kichefuchefu': -2,
    // Stems matched inside a word: Swahili verbs and nouns take prefixes (subject, tense, object, noun
    // class) and suffixes (passive -w-, causative -ish-, applicative -i-), so "*chelew*" covers
    // yanachelewa, ikachelewa, ucheleweshaji. Each stem's matches in the data files were read: stems
    // that hit unrelated words are whole words instead (rushwa/kurushwa "to be aired", uzembe/Mazembe,
    // sikitika/msikitini "in the mosque", bariki/habarikwa).
    '*uawa*': -3, '*kamatw*': -2, '*chelew*': -2, '*sumbu*': -2, '*laumu*': -2, '*ogop*': -2, '*tukana*': -3, '*teswa*': -3, '*pigwa*': -2,
    '*dangany*': -2, '*fisadi*': -3, '*bagu*': -3, '*katili*': -3, '*onewa*': -3, '*vurug*': -2,
    '*gomban*': -2, '*tesek*': -3, '*dharau*': -2, '*chafu*': -2, '*jinga*': -3, '*lawam*': -2,
    '*puuz*': -2, '*sikitik*': -2, '*sikitish*': -2, '*huzun*': -3, ghali: -2, '*nyimw*': -2, dhambi: -2,
    shetani: -2, '*chuki*': -3, '*sonone*': -3, '*fadhaik*': -2, '*uzushi*': -2, kejeli: -2, dhihaka: -2, ubabe: -2, '*dikteta*': -3,
    '*chakachu*': -3, tetemeko: -2, hatarini: -2, majonzi: -3, simanzi: -3, ubaya: -3, mabaya: -3, '*lalamik*': -2, '*jeruhi*': -2,
    '*fariki*': -2,
    // Conflict, punishment, disaster, vice.
    '*fukuza*': -2, '*bovu*': -2, '*tengwa*': -2, kikwazo: -2, vikwazo: -2, mgomo: -2, migomo: -2, '*sukosuko*': -2, '*kombora*': -2,
    mchoyo: -2, uchoyo: -2, mshtuko: -2, mshituko: -2, makosa: -2, kosa: -1, '*mezama*': -3, '*levya*': -2, kipigo: -2, vipigo: -2,
    adhabu: -2, '*kiuka*': -2, '*nyangany*': -2, mapigano: -2, mateka: -2, muoga: -2, mwoga: -2, '*zimia*': -2, kinyama: -3,
    // Success, praise, thanks, joy, blessing.
    '*fanikiw*': 2, '*pongez*': 3, '*jivuni*': 3, '*furah*': 2, '*zuri*': 2, '*shukuru*': 2, '*bariki*': 2, '*pendez*': 2, '*bingwa*': 2, '*shujaa*': 2,
    '*fanikio*': 2, '*sherehe*': 2, '*mependa*': 3, '*bores*': 1, '*upendo*': 2, '*vutia*': 2, '*fanaka*': 2, kheri: 2, faraja: 2, mshindi: 2,
    washindi: 2, '*tumaini*': 1, '*bunifu*': 2, ubora: 2, mashallah: 2, mashaallah: 2, alhamdulillah: 2, burudani: 1,
    // Satisfied, pleased; "pendi" occurs only in negative present forms (si-pendi, hawa-pendi), which negatedStem flips.
    '*ridhik*': 2, '*ridhish*': 2, '*pendi*': 2,
  },
  cues: {
    delivery: ['mzigo*', 'oda*', 'order*', 'haujafika', 'haijafika', 'hazijafika', 'haijaletwa', 'hazijaletwa', 'sijapokea', 'sijapata', 'sijaletewa',
      'haijawasili', 'haujawasili', 'haijanifikia', 'haujanifikia', 'usafirishaji', 'delivery', 'kifurushi*'],
    refund: ['*rudish*', 'rejesha*', 'nirejeshe*', 'turejeshe*', '*rejeshw*', 'marejesho', 'pesa yangu', 'pesa zangu', 'hela yangu', 'hela zangu', 'refund', 'fidia'],
    failure: ['haifanyi kazi', 'haifanyi', 'hazifanyi', 'imeharibik*', 'zimeharibik*', 'iliharibik*', 'imeharibiw*', 'imekufa', 'mbovu', 'tatizo', 'matatizo', 'shida', 'mtandao', 'hitilafu', 'haiwezi', 'imekataa',
      '*vunjik*', 'imevunjwa', 'imepasuka', 'haiwaki', 'haifunguki', 'imekwama', 'imegoma', 'haifai'],
    waiting: ['nasubiri', 'tunasubiri', 'nimesubiri', 'tumesubiri', 'ninasubiri', 'nimengoja', 'tumengoja', 'tangu', 'siku nyingi', 'siku kadhaa', 'siku mbili', 'siku tatu', 'wiki', 'masaa', 'hamjibu', 'hakuna majibu',
      'hamjajibu', 'hakuna anayejibu', 'hakuna jibu', 'hawajibu', 'hajibu', 'imechelewa', 'kuchelewa'],
    billing: ['makato', 'imekatwa', 'nimekatwa', 'mmenikata', 'wamenikata', 'kukatwa', 'nimetozwa', 'kutozwa', 'salio', 'bando', 'malipo', 'gharama', 'bili',
      'nimelipa', 'tumelipa', 'nililipa', 'mara mbili'],
    fraud: ['wizi', 'wezi', 'mwizi', 'tapeli', 'matapeli', 'ulaghai', 'utapeli', 'mmeniibia', 'wameniibia', 'nimeibiwa', 'kuibiwa', 'nimetapeliwa', 'wametapeli'],
    anger: ['aibu', 'hovyo', 'ovyo', 'mbaya', 'kero', 'malalamiko', 'nimechoka', 'tumechoka', 'huduma mbovu', 'nimekasirika', 'nimekerwa', 'sitanunua',
      'sijaridhika', 'hatujaridhika', 'sijaridhishwa', 'hatujaridhishwa', 'kutoridhika', 'sijafurahishwa', 'hatujafurahishwa', 'nimesikitishwa',
      'tumesikitishwa', 'nimevunjika moyo', 'sitarudi', 'nitahamia', 'nitahama'],
  },
};
