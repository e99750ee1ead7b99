import { Fragment } from 'react';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `text` with the words of a search marked (case-insensitive), so the reader sees why it matched. */
export function Highlight({ text, query }: { text: string; query: string | undefined }) {
  const words = (query ?? '')
    .split(/\s+/)
    .map((w) => w.trim())
    .filter((w) => w.length > 0)
    .slice(0, 10);
  if (words.length === 0) return <>{text}</>;
  const re = new RegExp(`(${words.map(escape).join('|')})`, 'giu');
  const parts = text.split(re);
  return (
    <>
      {parts.map((part, i) => (i % 2 === 1 ? <mark key={i}>{part}</mark> : <Fragment key={i}>{part}</Fragment>))}
    </>
  );
}
