/** The one shape of a mention the API and SSE return (internal fields stripped). */
export function toPublicMention(m: {
  _id: unknown;
  account: unknown;
  tokens?: unknown;
  replyTarget?: unknown;
  [k: string]: unknown;
}): Record<string, unknown> {
  const { _id, account, tokens: _tokens, replyTarget: _rt, ...rest } = m;
  return { id: String(_id), account: String(account), ...rest };
}
