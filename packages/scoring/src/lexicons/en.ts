import type { Lexicon } from './types.ts';

// English: polarity comes from AFINN-165 (the `sentiment` package); these are additions for
// customer-care language that AFINN misses or scores as neutral.
export const en: Lexicon = {
  lang: 'en',
  negators: ["don't", 'dont', 'not', 'no', 'never', "doesn't", 'doesnt', "didn't", 'didnt', "isn't", 'isnt', "wasn't", 'wasnt',
    "aren't", "won't", 'wont', "can't", 'cant', 'cannot', "couldn't", "wouldn't", "shouldn't", "haven't", "hasn't", "hadn't",
    'nothing', 'nobody', 'neither', 'nor', 'without', "ain't", 'hardly'],
  negationScope: 'before',
  intensifiers: ['very', 'so', 'soo', 'really', 'extremely', 'totally', 'absolutely', 'completely', 'super', 'too', 'most', 'highly', 'utterly', 'seriously'],
  words: {
    worst: -4, useless: -3, unacceptable: -3, ridiculous: -3, pathetic: -3, rude: -3, scam: -4, scammed: -4, incompetent: -3,
    broken: -2, damaged: -2, faulty: -2, defective: -2, outage: -2, crashed: -2, crashes: -2, glitch: -2, unusable: -3,
    overcharged: -3, refund: -1, late: -1, delayed: -2, missing: -2, lost: -2, waiting: -1, disgusting: -3, joke: -1,
    // AFINN scores "support" +2, but in customer care it is a noun ("the support team", "customer support").
    support: 0,
    sucks: -3, wtf: -4, fix: -1, issue: -1, issues: -1, frustrating: -2, disappointed: -2, disappointing: -2, ignored: -2, 'smh': -2,
  },
  cues: {
    delivery: ['deliver*', 'package', 'parcel', 'shipping', 'shipment', 'shipped', 'courier', 'tracking', 'never arrived', 'not arrived',
      "hasn't arrived", 'still not here', 'never came', 'never received', 'not received', "haven't received", 'where is my*', 'lost my*', 'order*'],
    refund: ['refund*', 'money back', 'reimburs*', 'compensat*', 'chargeback', 'give me my money', 'want my money'],
    failure: ['broken', 'broke', 'not working', "doesn't work", "don't work", "didn't work", 'does not work', 'stopped working',
      "won't", "can't", 'cannot', 'down', 'outage', 'error*', 'crash*', 'fail*', 'glitch*', 'bug', 'bugs', 'faulty', 'defective',
      'damaged', 'no signal', 'no service', 'no internet', 'keeps*', 'fix', 'issue*', 'problem*', 'unable'],
    waiting: ['still waiting', 'waiting', 'no response', 'no reply', 'no answer', 'on hold', 'hours', 'days', 'weeks', 'ignored',
      'ignoring', 'nobody', 'no one', 'yet to', 'still no*', 'still not', 'again'],
    billing: ['charged', 'overcharged', 'double charged', 'paid twice', 'billed twice', 'paid double', 'double payment', 'bill', 'billing',
      'fee', 'fees', 'payment*', 'account'],
    fraud: ['scam*', 'fraud*', 'rip off', 'ripoff', 'ripped off', 'stole', 'stolen', 'cheat*', 'thieves'],
    anger: ['worst', 'terrible', 'awful', 'horrible', 'useless', 'pathetic', 'ridiculous', 'unacceptable', 'disgusting', 'rude',
      'joke', 'fed up', 'sick of', 'never again', 'cancel*', 'switching', 'disappoint*', 'frustrat*', 'annoy*', 'wtf', 'seriously', 'thanks for nothing'],
  },
};
