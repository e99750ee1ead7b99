// Hand-written romanised Sinhala and Amharic sentences (written for this project, no dataset rows)
// so the Latin-script language model knows these two exist. Lower priority than native script.
export const ROMANISED: Record<'si' | 'am', string[]> = {
  si: [
    'mama heta enawa oya koheda inne', 'meka hari lassanai machan', 'mata order eka thama labune naha', 'api godak sathutui',
    'oyata bohoma sthuthi', 'eka wada karanne naha ne', 'mokada wenne kiyanna', 'salli aapahu denna one', 'oya kiyapu deval hari',
    'ada wassa wahinawa', 'mata tikak parakku wenawa', 'machan api yamu kanna', 'kohomada oyata hondin innawada', 'mama danne naha eka gana',
    'eyala kiwwa heta ewanawa kiyala', 'me service eka naraka kenthi yanawa', 'dawas hathak balagena hitiya thama awe naha',
    'oyage phone eka kadila da', 'api gedara yanawa dan', 'eka nam niyamai supiri wadak', 'mata salli kapala thiyenawa bill eka waradi',
    'karunakarala mata udaw karanna', 'ayubowan suba dawasak', 'mokakda me wela thiyenne', 'harima aparade horu wage wada',
    'oya hodata wada karanawa', 'mata eka epa', 'eka hodai ne', 'ammo meka patta', 'apita kiyanna epa', 'thawa tikak inna',
    'mama oyata call karannam', 'eka hoyala denna puluwanda', 'parcel eka awe naha thama', 'wadak na me app eka',
  ],
  am: [
    'selam endet neh', 'ameseginalehu betam', 'yihe betam tiru new', 'ene alawkm', 'egziabher yimesgen', 'betam konjo new',
    'minim chigir yelem', 'yante sira metfo new', 'ezih gar min alu', 'lemin alderesem eskahun', 'ke sost ken belay eyetebekin new',
    'genzebe yimelesilign', 'yih agelglot betam metfo new', 'endemin walk', 'dehna nachihu', 'wede bet ehedalehu',
    'ishi ameseginalehu wendime', 'anchi betam gobez nesh', 'yihe leba dirijit new', 'sira alseram', 'egziabher yibarkih', 'min honk',
    'zare yemejemeria ken new', 'bizu sew alew', 'ityopia tiqdem', 'ene alfelgim', 'yihin silk lemin atmelsum', 'eqaye alderesegnim',
    'betam asazagn new', 'enkuan des alachihu', 'tiru sira new berta', 'alebet kezih behuala', 'yene genzeb yet hede', 'wendimachin selam',
  ],
};
