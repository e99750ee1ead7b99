// Customer messages for the emulators and the demo, written for this project (not from any data set).
// Each has the language it is in and what a care agent would call it.

export type DemoTone = 'complaint' | 'praise' | 'question';

export interface DemoText {
  lang: 'en' | 'am' | 'sw' | 'ta' | 'si' | 'km';
  tone: DemoTone;
  text: string;
}

export const DEMO_TEXTS: readonly DemoText[] = [
  { lang: 'en', tone: 'complaint', text: '@{brand} my order #{n} never arrived and nobody answers. I want a refund now!' },
  { lang: 'en', tone: 'complaint', text: 'Worst service ever @{brand}. The parcel came broken and support keeps ignoring me.' },
  { lang: 'en', tone: 'complaint', text: 'Charged twice for order {n} and still no reply from @{brand}. Fix this.' },
  { lang: 'en', tone: 'complaint', text: 'Three weeks waiting for my delivery. This is unacceptable, cancel it and give my money back.' },
  { lang: 'en', tone: 'praise', text: 'Thank you @{brand}, the shoes arrived a day early and fit perfectly! 😍' },
  { lang: 'en', tone: 'praise', text: 'Great support team, they fixed my problem in five minutes. Love it!' },
  { lang: 'en', tone: 'question', text: 'Hi @{brand}, do you ship to Mombasa? What does delivery cost?' },
  { lang: 'en', tone: 'question', text: 'Does the blue jacket come in size L?' },
  { lang: 'am', tone: 'complaint', text: 'ትዕዛዜ እስካሁን አልደረሰም፣ በጣም ተበሳጭቻለሁ። ገንዘቤን መልሱልኝ!' },
  { lang: 'am', tone: 'complaint', text: 'የገዛሁት ስልክ ተበላሽቶ መጣ፣ ማንም መልስ አይሰጥም። መጥፎ አገልግሎት ነው።' },
  { lang: 'am', tone: 'praise', text: 'አገልግሎታችሁ በጣም ጥሩ ነው፣ እናመሰግናለን!' },
  { lang: 'am', tone: 'question', text: 'ወደ ባህር ዳር ትልካላችሁ? ዋጋው ስንት ነው?' },
  { lang: 'sw', tone: 'complaint', text: 'Oda yangu haijafika wiki mbili sasa, nataka kurudishiwa pesa zangu!' },
  { lang: 'sw', tone: 'complaint', text: 'Huduma mbaya sana, simu niliyonunua imeharibika na hamjibu ujumbe wangu.' },
  { lang: 'sw', tone: 'praise', text: 'Asante sana, huduma yenu ni nzuri sana na mzigo umefika mapema!' },
  { lang: 'sw', tone: 'question', text: 'Habari, mnauza viatu vya watoto? Bei gani?' },
  { lang: 'ta', tone: 'complaint', text: 'என் ஆர்டர் இன்னும் வரவில்லை, பணத்தை திருப்பி கொடுங்கள்!' },
  { lang: 'ta', tone: 'complaint', text: 'Enga order innum varala, romba mosamana service. Refund venum!' },
  { lang: 'ta', tone: 'praise', text: 'Super product, romba nalla irukku! Thanks {brand} team' },
  { lang: 'ta', tone: 'praise', text: 'மிகவும் நல்ல சேவை, நன்றி!' },
  { lang: 'si', tone: 'complaint', text: 'මගේ ඇණවුම තවම ලැබුණේ නැහැ, මුදල් ආපසු දෙන්න!' },
  { lang: 'si', tone: 'complaint', text: 'ඉතා නරක සේවාවක්, භාණ්ඩය කැඩිලා ආවා.' },
  { lang: 'si', tone: 'praise', text: 'ඔබට බොහොම ස්තූතියි, සේවාව ඉතා හොඳයි!' },
  { lang: 'km', tone: 'complaint', text: 'ការបញ្ជាទិញរបស់ខ្ញុំមិនទាន់មកដល់ទេ សូមសងប្រាក់មកវិញ!' },
  { lang: 'km', tone: 'complaint', text: 'សេវាកម្មអាក្រក់ណាស់ ទំនិញខូចហើយគ្មាននរណាឆ្លើយតបទេ' },
  { lang: 'km', tone: 'praise', text: 'អរគុណច្រើន សេវាកម្មល្អណាស់!' },
  { lang: 'en', tone: 'complaint', text: '@{brand} I returned the jacket a month ago and the refund still has not shown up.' },
  { lang: 'en', tone: 'complaint', text: 'The app keeps crashing at checkout. Lost my cart twice today @{brand}' },
  { lang: 'en', tone: 'complaint', text: 'The courier marked order {n} as delivered but it never came.' },
  { lang: 'en', tone: 'praise', text: 'Customer service sorted my exchange in one chat. Impressed, thanks @{brand}!' },
  { lang: 'en', tone: 'question', text: '@{brand} when does the winter sale start?' },
  { lang: 'en', tone: 'question', text: 'Can I change the delivery address for order {n}?' },
  { lang: 'sw', tone: 'complaint', text: 'Nimelipa mara mbili kwa oda {n} na hakuna anayejibu. Naomba msaada haraka.' },
  { lang: 'sw', tone: 'question', text: 'Je, mnaleta mzigo hadi Kisumu? Inachukua siku ngapi?' },
  { lang: 'sw', tone: 'praise', text: 'Nimefurahi sana na viatu vipya, asanteni!' },
  { lang: 'am', tone: 'complaint', text: 'ለሁለት ሳምንት ጠብቄያለሁ እቃው ግን አልመጣም።' },
  { lang: 'am', tone: 'praise', text: 'ፈጣን አቅርቦት፣ በጣም ደስ ብሎኛል!' },
  { lang: 'ta', tone: 'complaint', text: 'Rendu vaaram aachu, innum delivery varala. Customer care phone edukkala.' },
  { lang: 'ta', tone: 'question', text: 'இந்த சட்டை பெரிய அளவில் கிடைக்குமா?' },
  { lang: 'ta', tone: 'praise', text: 'Delivery romba fast, thanks {brand}!' },
  { lang: 'si', tone: 'question', text: 'මේ ඇඳුම ලොකු ප්‍රමාණයෙන් තියෙනවද?' },
  { lang: 'si', tone: 'complaint', text: 'සති දෙකක් ගියත් පාර්සලය ආවේ නැහැ.' },
  { lang: 'km', tone: 'question', text: 'តើអ្នកដឹកជញ្ជូនទៅសៀមរាបទេ?' },
  { lang: 'km', tone: 'complaint', text: 'ខ្ញុំបានបង់ប្រាក់ពីរដង សូមជួយផង!' },
];

const FIRST = ['Amina', 'Kebede', 'Priya', 'Nuwan', 'Sokha', 'Juma', 'Hana', 'Arun', 'Dilani', 'Dara', 'Sam', 'Lena'];
const LAST = ['Wanjiru', 'Tesfaye', 'Raman', 'Perera', 'Chan', 'Mwangi', 'Bekele', 'Kumar', 'Silva', 'Kim', 'Ortiz', 'Berg'];

/** Deterministic pseudo-random generator (mulberry32) so emulated traffic is reproducible per seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface DemoCustomer {
  id: string;
  handle: string;
  name: string;
  followers: number;
}

export function pickCustomer(rand: () => number): DemoCustomer {
  const f = FIRST[Math.floor(rand() * FIRST.length)] ?? 'Sam';
  const l = LAST[Math.floor(rand() * LAST.length)] ?? 'Berg';
  const n = Math.floor(rand() * 9000) + 1000;
  return {
    id: String(100000 + Math.floor(rand() * 900000)),
    handle: `${f.toLowerCase()}_${l.toLowerCase()}${n % 100}`,
    name: `${f} ${l}`,
    followers: Math.floor(10 ** (1 + rand() * 4)),
  };
}

/** A demo text, with the brand and an order number filled in; `lang`: one in that language (a thread's follow-up). */
export function pickText(rand: () => number, brand: string, lang?: DemoText['lang']): DemoText {
  const pool = lang ? DEMO_TEXTS.filter((d) => d.lang === lang) : DEMO_TEXTS;
  const t = pool[Math.floor(rand() * pool.length)] ?? DEMO_TEXTS[0]!;
  const n = String(10000 + Math.floor(rand() * 89999));
  return { ...t, text: t.text.replaceAll('{brand}', brand).replaceAll('{n}', n) };
}
