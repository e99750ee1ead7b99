// Latin-script languages the language-ID model was never trained on (German, French, Spanish,
// Portuguese, Italian, Dutch, Indonesian, romanised Japanese, Lorem ipsum): the model must pick one of
// en/sw/ta/si/am and picked romanised Tamil or English for them. Their most frequent function words,
// which none of our languages uses as words, are counted instead (short words that Swahili or romanised
// Tamil also use, such as la, au, un, mi, sama, were left out after counting them in the training texts); when they outnumber the English
// ones the text is `und`. Written for this project from general knowledge of those languages.
import type { Tok } from './tokenize.ts';

const OTHER = new Set([
  // German
  'und', 'der', 'die', 'das', 'ich', 'nicht', 'mit', 'ist', 'sie', 'ein', 'eine', 'meine', 'mein', 'bitte', 'danke', 'wir', 'ihr', 'ihre', 'auf', 'für', 'von', 'zu', 'den', 'dem', 'des', 'sehr', 'noch', 'auch', 'wie', 'sind', 'haben', 'habe', 'wurde', 'werden', 'guten', 'tag', 'grüße', 'freundlichen', 'mfg', 'möchte', 'bestellung', 'aber', 'oder', 'wenn', 'nach', 'bei', 'ist', 'keine', 'kein',
  // French
  'le', 'les', 'des', 'et', 'est', 'je', 'vous', 'nous', 'une', 'pas', 'pour', 'avec', 'mon', 'mes', 'merci', 'bonjour', 'cordialement', 'du', 'aux', 'qui', 'que', 'sur', 'dans', 'très', 'j\'ai', 'c\'est', 'commande', 'suis',
  // Spanish / Portuguese / Italian
  'el', 'los', 'las', 'es', 'por', 'para', 'gracias', 'hola', 'pedido', 'muy', 'pero', 'del', 'uno', 'está', 'estoy', 'não', 'obrigado', 'obrigada', 'olá', 'com', 'meu', 'minha', 'você', 'di', 'che', 'non', 'sono', 'grazie', 'ciao', 'della',
  // Dutch
  'het', 'een', 'niet', 'ik', 'mijn', 'bedankt', 'dank', 'alstublieft', 'wij', 'zijn', 'van', 'voor', 'bestelling',
  // Indonesian / Malay
  'saya', 'tidak', 'dan', 'yang', 'ini', 'itu', 'dengan', 'untuk', 'terima', 'kasih', 'sudah', 'belum', 'tolong',
  // romanised Japanese (a mail's signature or greeting)
  'desu', 'masu', 'shimasu', 'onegai', 'onegaishimasu', 'yoroshiku', 'arigatou', 'arigato', 'gozaimasu', 'kabushiki', 'kaisha', 'itashimasu', 'moushimasu', 'kudasai',
  // Lorem ipsum
  'lorem', 'ipsum', 'dolor', 'sit', 'amet', 'consectetur', 'adipiscing', 'elit', 'sed', 'eiusmod', 'tempor', 'incididunt', 'labore', 'dolore', 'magna', 'aliqua', 'enim', 'minim', 'veniam', 'quis', 'nostrud', 'et',
]);
const ENGLISH = new Set(['the', 'and', 'is', 'to', 'of', 'my', 'i', 'you', 'it', 'in', 'for', 'a', 'not', 'this', 'that', 'on', 'with', 'was', 'have', 'me', 'your', 'be', 'are', 'please', 'thanks', 'thank', 'order', 'what', 'why', 'when', 'how', 'no', 'so', 'but', 'just', 'at', 'can', 'will', 'do', 'get', 'all', 'we', 'they']);

/**
 * True when at least two words, and more words than English function words, are function words of
 * a Latin-script language we do not score (word tokens only; numbers skipped).
 */
export function otherLatinLanguage(tokens: Tok[]): boolean {
  let other = 0;
  let en = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind !== 'word' || t.num) continue;
    if (OTHER.has(t.w)) other++;
    else if (ENGLISH.has(t.w)) en++;
  }
  return other >= 2 && other > en;
}
