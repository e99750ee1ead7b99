import type { Lexicon } from './types.ts';

// Tamil, in Tamil script and romanised (as typed on phones, often mixed with English). Tamil is
// verb-final: "nalla illa" / "நல்லா இல்ல" is "good not", so negation looks after the word.
export const ta: Lexicon = {
  lang: 'ta',
  negators: ['இல்லை', 'இல்ல', 'இல்லே', 'வேண்டாம்', 'வேணாம்', 'கிடையாது', 'முடியாது', 'illa', 'illai', 'ille', 'illae', 'venam', 'vendam',
    'venda', 'kidaiyathu', 'kedayathu', 'kidayathu', 'mudiyathu', 'mudiyadhu', 'not', 'no', 'never'],
  negationScope: 'both',
  intensifiers: ['ரொம்ப', 'மிக', 'மிகவும்', 'romba', 'rombha', 'semma', 'sema', 'very', 'too', 'so', 'mega', 'vera'],
  words: {
    'நல்ல*': 2, 'அருமை*': 3, 'சூப்பர்': 3, 'செம்ம': 3, 'நன்றி': 2, 'வாழ்த்து*': 3, 'அழகு': 2, 'சிறப்பு': 3, 'மகிழ்ச்சி': 3, 'அன்பு': 2,
    nalla: 2, nallaa: 2, arumai: 3, super: 3, semma: 3, sema: 3, mass: 2, 'nandri': 2, 'vazhthu*': 3,
    'vaazhthu*': 3, azhagu: 2, sirappu: 3, 'thalaivar': 1, 'verithanam': 3, 'marana': 1,'blockbuster': 3, 'hit': 2,
    '*மோசம*': -3, '*கோப*': -2, '*பழுத*': -2, '*உடைந்த*': -2, '*உடைஞ்*': -2, 'கேவலம்*': -3, 'வீண்': -2, 'கொடுமை': -3, 'ஏமாற்ற*': -3, 'ஏமாத்*': -3, 'தாமதம்': -2, 'அசிங்கம்': -3, 'குப்பை': -3,
    mosam: -3, 'mokka': -3, 'moka': -3, 'kevalam*': -3, 'asingam': -3, 'kodumai': -3, 'kuppai': -3, 'flop': -3, 'waste': -3, 'worst': -3,
    'bore': -2, 'boring': -2, 'emathu*': -3, 'ematha*': -3, 'thappu': -2, 'dislike': -2, 'dislikes': -2, 'copy': -1, 'remake': -1,
    // Film and fan talk (much romanised Tamil online is comments on trailers and songs), both scripts.
    'kalakkal': 3, 'kalakal': 3, 'kolamass': 3, 'theri': 2, 'pattaya': 3, 'sambavam': 2, 'mersal': 2, 'vaazhga': 2, 'vazhga': 2,
    'thalaiva': 1, 'goosebumps': 3, 'rocking': 3, 'congrats': 3, 'wishes': 2, 'adipoli': 3, 'arumaiyana': 3, 'nallairuku': 2,
    'வாழ்க': 2, 'மாஸ்': 2, 'தெறி': 2, 'கலக்கல்': 3, 'அருமையான': 3, 'வெற்றி': 2,
    'kadupu': -2, 'kaduppu': -2, 'eriyuthu': -2, 'kevalama': -3, 'asingama': -3, 'dubakur': -3, 'fake': -2, 'kashtam': -2, 'kastam': -2,
    'sogam': -2, 'vethu': -2, 'vetti': -1, 'loosu': -2, 'muttal': -3, 'porukki': -3, 'thoo': -3, 'chee': -2, 'disaster': -3, 'pathetic': -3,
    'unlike': -1, 'mokkai': -3, 'மொக்கை': -3, 'வெறுப்பு': -3, 'ஏமாற்றம்': -3, 'சோகம்': -2, 'கஷ்டம்': -2, 'லூசு': -2, 'முட்டாள்': -3,
  },
  cues: {
    delivery: ['*ஆர்டர்*', '*டெலிவரி*', '*பார்சல்*', '*வரல*', '*வரவில்லை*', 'order*', 'delivery', 'parcel', 'varala', 'varavillai', 'innum varala'],
    refund: ['*பணம் திரும்ப*', '*பணத்தை திரும்ப*', '*காசு திரும்ப*', '*காசை திரும்ப*', '*திருப்பி கொடு*', '*திருப்பி தா*', '*ரீஃபண்ட்*', 'refund*',
      'panam thirumba', 'panatha thirumba', 'panatha thiruppi', 'kaasu thirumba', 'kaasa thirumba', 'thiruppi kudunga', 'thirumba kudunga', 'money back'],
    failure: ['*வேலை செய்யல*', '*வேலை செய்யவில்லை*', '*வேலை செய்யாது*', '*உடைந்த*', '*உடைஞ்*', '*பழுத*', '*பிரச்சனை*', '*பிரச்சினை*', 'velai seiyala', 'work aagala', 'work agala', 'not working',
      'broken', 'problem*', 'prachanai', 'damage*'],
    waiting: ['*காத்திரு*', '*இன்னும்*', '*பதில் இல்லை*', '*பதில் இல்ல*', '*பதில் வரவில்லை*', '*வாரமா*', '*நாட்களா*', '*நாளா*', 'innum', 'waiting',
      'reply illa', 'no reply', 'no response', 'days', 'weeks'],
    billing: ['*கட்டண*', '*கட்டினேன்*', '*கட்டியும்*', '*இரண்டு முறை*', '*பணம் கழி*', '*பில்*', 'charge*', 'bill', 'payment', 'rendu thadava'],
    fraud: ['*ஏமாற்ற*', '*ஏமாத்*', '*மோசடி*', 'emathu*', 'ematha*', 'fraud', 'scam', 'cheat*', 'mosadi'],
    anger: ['*மோசம*', '*கேவலம*', '*கோப*', '*ரத்து*', 'mosam', 'kevalam*', 'worst', 'waste', 'asingam', 'kodumai'],
  },
};
