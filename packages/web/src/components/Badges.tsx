import type { Network, SentimentLabel } from '@inbox/contract';
import { LANG_LABEL, NETWORK_ICON, NETWORK_LABEL } from '../lib/format.ts';

export function NetworkIcon({ network }: { network: Network }) {
  return (
    <span className={`net net-${network}`} title={NETWORK_LABEL[network]} role="img" aria-label={NETWORK_LABEL[network]}>
      {NETWORK_ICON[network]}
    </span>
  );
}

export function SentimentBadge({ s }: { s: { label: SentimentLabel; score?: number } }) {
  const sign = (s.score ?? 0) > 0 ? '+' : '';
  return (
    <span className={`badge sent-${s.label}`} title={s.score === undefined ? 'sentiment' : `sentiment ${sign}${s.score.toFixed(2)}`}>
      {s.label}
    </span>
  );
}

/** `withReasons`: the reasons in words beside the badge (the list), else in its tooltip. */
export function ComplaintBadge({ c, withReasons = false }: { c: { flag: boolean; reasons: string[] }; withReasons?: boolean }) {
  if (!c.flag) return null;
  return (
    <>
      <span className="badge complaint" title={c.reasons.join(', ')}>
        Complaint
      </span>
      {withReasons && c.reasons.length > 0 && <span className="reasons">{c.reasons.join(', ')}</span>}
    </>
  );
}

export function LangBadge({ lang }: { lang: string }) {
  return (
    <span className="badge lang" title={LANG_LABEL[lang] ?? lang}>
      {lang}
    </span>
  );
}
