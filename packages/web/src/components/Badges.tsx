import type { Mention, Network } from '../lib/types.ts';
import { LANG_LABEL, NETWORK_ICON, NETWORK_LABEL } from '../lib/format.ts';

export function NetworkIcon({ network }: { network: Network }) {
  return (
    <span className={`net net-${network}`} title={NETWORK_LABEL[network]} aria-label={NETWORK_LABEL[network]}>
      {NETWORK_ICON[network]}
    </span>
  );
}

export function SentimentBadge({ s }: { s: Mention['sentiment'] }) {
  const sign = s.score > 0 ? '+' : '';
  return (
    <span className={`badge sent-${s.label}`} title={`sentiment ${sign}${s.score.toFixed(2)}`}>
      {s.label}
    </span>
  );
}

export function ComplaintBadge({ c }: { c: Mention['complaint'] }) {
  if (!c.flag) return null;
  return (
    <span className="badge complaint" title={c.reasons.join(', ')}>
      Complaint
    </span>
  );
}

export function LangBadge({ lang }: { lang: string }) {
  return (
    <span className="badge lang" title={LANG_LABEL[lang] ?? lang}>
      {lang}
    </span>
  );
}
